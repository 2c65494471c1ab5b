import { resolve } from 'node:path';
import type { FlowOptions } from '../../../../src/config/flow-options';
import type { HostSpec } from '../../../../src/domain/host';
import type { OptionRow } from '../../../../src/config/option-row';

/** The folder every test "runs in", and the home folder it sees. */
export const testCwd = '/work/projects/My.Shop';
export const testHome = '/home/tester';

/**
 * One valid value of an option, written as each source takes it, and the FlowOptions value it
 * must produce. Written by hand per kind and field (not computed by the code under test).
 */
export interface OptionSample {
  /** The value in docker-flow.yml, as YAML text after `key: `. */
  readonly yml: string;
  readonly env: string;
  /** commander argv for this option (e.g. ['--scale=+2'] or ['--service-path=/a', '--service-path=/b']). */
  readonly argv: readonly string[];
  readonly expected: unknown;
}

const host = (ip: string): HostSpec => ({
  name: ip,
  endpoint: { scheme: 'tcp', host: ip, port: 2376 },
  address: ip,
  labels: {},
});

const text = (long: string, values: readonly string[], map: (value: string) => unknown = (value) => value): OptionSample[] =>
  values.map((value) => ({ yml: JSON.stringify(value), env: value, argv: [`--${long}=${value}`], expected: map(value) }));

const lists = (long: string, values: readonly (readonly string[])[], map: (value: string) => unknown = (value) => value): OptionSample[] =>
  values.map((items) => ({
    yml: `[${items.map((item) => JSON.stringify(item)).join(', ')}]`,
    env: items.join(','),
    argv: items.map((item) => `--${long}=${item}`),
    expected: items.map(map),
  }));

const inCwd = (value: string): string => resolve(testCwd, value);

const byField: Partial<Record<keyof FlowOptions, (long: string) => OptionSample[]>> = {
  certPath: (long) => text(long, ['certs/a', '/etc/docker/b', 'c'], inCwd),
  composePaths: (long) => lists(long, [['a.yml'], ['b.yml', 'b.override.yml'], ['/srv/c.yml']], inCwd),
  consulAddresses: (long) => lists(long, [['http://10.0.0.1:8500'], ['10.0.0.2:8500', 'http://10.0.0.3:8500'], ['https://consul.example.com']]),
  consulToken: (long) => text(long, ['token-a', 'token-b', 'token-c']),
  consulTemplateBePath: (long) => text(long, ['be-a.tmpl', 'be-b.tmpl', '/t/be-c.tmpl'], inCwd),
  consulTemplateFePath: (long) => text(long, ['fe-a.tmpl', 'fe-b.tmpl', '/t/fe-c.tmpl'], inCwd),
  flows: (long) => lists(long, [['deploy', 'proxy'], ['scale'], ['proxy', 'stop-old']]),
  hosts: (long) => [
    { ...lists(long, [['tcp://10.0.0.1:2376']])[0]!, expected: [host('10.0.0.1')] },
    { ...lists(long, [['tcp://10.0.0.2:2376', 'tcp://10.0.0.3:2376']])[0]!, expected: [host('10.0.0.2'), host('10.0.0.3')] },
    { ...lists(long, [['tcp://10.0.0.4:2376']])[0]!, expected: [host('10.0.0.4')] },
  ],
  project: (long) => text(long, ['shop-a', 'shop_b', 'c3']),
  proxyDockerCertPath: (long) => text(long, ['pcerts/a', 'pcerts/b', '/pcerts/c'], inCwd),
  proxyDockerHosts: (long) => lists(long, [['tcp://10.0.0.9:2376'], ['unix:///tmp/proxy/docker.sock', 'ssh://ops@proxy.example.com'], ['local']]),
  // with the default tier (one local proxy) at most 1 proxy may be down
  proxyTolerateDown: (long) => text(long, ['0', '1'], Number),
  proxyName: (long) => text(long, ['edge-proxy', 'docker-flow-proxy-2', 'p.1']),
  proxyHost: (long) => text(long, ['proxy-a', 'proxy-b:9000', '10.0.0.7:8000']),
  proxyCert: (long) => text(long, ['tls/site.pem', '/etc/ssl/private/b.pem', 'c.pem'], inCwd),
  proxyImage: (long) => text(long, ['haproxy-a:2.8', 'registry.example.com:5000/ops/haproxy:2.6', 'docker-flow-haproxy:2.6']),
  scale: (long) =>
    text(long, ['3', '+2', '-1'], (value) =>
      value.startsWith('+') || value.startsWith('-')
        ? { kind: 'relative', delta: Number(value) }
        : { kind: 'absolute', count: Number(value) },
    ),
  servicePaths: (long) => lists(long, [['/demo'], ['/api', '/api/v2'], ['/c']]),
  sideTargets: (long) => lists(long, [['db'], ['cache', 'queue'], ['search.v2']]),
  target: (long) => text(long, ['app', 'web', 'api_2']),
  stateDir: (long) => text(long, ['state-a', '/var/lib/flow-b', 'state-c'], inCwd),
  releaseCommand: (long) => text(long, ['bin/migrate', 'rake db:migrate && echo done', './release.sh --all'], (value) => ['sh', '-c', value]),
  notifyWebhooks: (long) => lists(long, [['https://hooks.example.com/a'], ['http://127.0.0.1:9000/x?token=s3cret', 'https://b.example.com'], ['https://c.example.com/c']]),
  notifyRetries: (long) => text(long, ['0', '5', '10'], Number),
  keepImages: (long) => text(long, ['0', '3', '1000'], Number),
  canaryWeight: (long) => text(long, ['1', '20', '99'], Number),
  canarySteps: (long) => [
    { yml: '[10, 25, 50, 100]', env: '10,25,50,100', argv: [`--${long}=10,25,50,100`], expected: [10, 25, 50, 100] },
    { yml: '[50, 100]', env: '50,100', argv: [`--${long}=50`, `--${long}=100`], expected: [50, 100] },
    { yml: '100', env: '100', argv: [`--${long}=100`], expected: [100] },
  ],
  canaryIntervalMs: (long) => [
    { yml: '30', env: '30', argv: [`--${long}=30`], expected: 30_000 },
    { yml: '2m', env: '2m', argv: [`--${long}=2m`], expected: 120_000 },
    { yml: '1500ms', env: '1500ms', argv: [`--${long}=1500ms`], expected: 1_500 },
  ],
  canaryMinRequests: (long) => text(long, ['1', '20', '5000'], Number),
  canaryMaxExtensions: (long) => text(long, ['0', '5', '100'], Number),
  canaryMaxErrorRate: (long) => [
    { yml: '"2%"', env: '2%', argv: [`--${long}=2%`], expected: [{ kind: 'absolute', percent: 2 }] },
    { yml: '["1%", "+0.5%"]', env: '1%,+0.5%', argv: [`--${long}=1%,+0.5%`], expected: [{ kind: 'absolute', percent: 1 }, { kind: 'above-old', points: 0.5 }] },
    { yml: '"+3%"', env: '+3%', argv: [`--${long}=+3%`], expected: [{ kind: 'above-old', points: 3 }] },
  ],
  canaryMaxResponseTime: (long) => [
    { yml: '300ms', env: '300ms', argv: [`--${long}=300ms`], expected: [{ kind: 'absolute', ms: 300 }] },
    { yml: '["1.5x", "1s"]', env: '1.5x,1s', argv: [`--${long}=1.5x`, `--${long}=1s`], expected: [{ kind: 'times-old', factor: 1.5 }, { kind: 'absolute', ms: 1000 }] },
    { yml: '3x', env: '3x', argv: [`--${long}=3x`], expected: [{ kind: 'times-old', factor: 3 }] },
  ],
  watchImage: (long) => text(long, ['127.0.0.1:5000/app', 'https://registry.example.com/team/app', 'nginx']),
  watchIntervalMs: (long) => [
    { yml: '30', env: '30', argv: [`--${long}=30`], expected: 30_000 },
    { yml: '2m', env: '2m', argv: [`--${long}=2m`], expected: 120_000 },
    { yml: '1500ms', env: '1500ms', argv: [`--${long}=1500ms`], expected: 1_500 },
  ],
};

/**
 * docker-flow.yml text for `ymlKey: value` entries; dotted keys (`notify.webhook`) are written
 * inside their nested mapping (`notify:\n  webhook: ...`).
 */
export function ymlText(entries: readonly (readonly [string, string])[]): string {
  const lines: string[] = [];
  const groups = new Map<string, string[]>();
  for (const [key, value] of entries) {
    const [group, name] = key.split('.');
    if (name === undefined) lines.push(`${key}: ${value}`);
    else groups.set(group ?? '', [...(groups.get(group ?? '') ?? []), `  ${name}: ${value}`]);
  }
  for (const [group, nested] of groups) lines.push(`${group}:`, ...nested);
  return lines.join('\n');
}

/**
 * At least two valid samples with different results for a row, or undefined when none are written
 * yet (then the table test fails: every new row needs samples).
 */
export function samplesFor(row: OptionRow): readonly OptionSample[] | undefined {
  const custom = byField[row.field];
  if (custom !== undefined) return custom(row.long);
  switch (row.kind) {
    case 'boolean':
      return [
        { yml: 'true', env: 'true', argv: [`--${row.long}`], expected: true },
        { yml: 'false', env: 'no', argv: [`--no-${row.long}`], expected: false },
        { yml: 'true', env: 'YES', argv: [`--${row.long}`], expected: true },
      ];
    case 'int':
      return text(row.long, ['81', '8081', '65535'], Number);
    case 'duration':
      return [
        { yml: '30', env: '30', argv: [`--${row.long}=30`], expected: 30_000 },
        { yml: '2m', env: '2m', argv: [`--${row.long}=2m`], expected: 120_000 },
        { yml: '500ms', env: '500ms', argv: [`--${row.long}=500ms`], expected: 500 },
      ];
    case 'enum':
      return (row.choices ?? []).slice(-3).reverse().map((choice) => ({ yml: choice, env: choice, argv: [`--${row.long}=${choice}`], expected: choice }));
    default:
      return undefined;
  }
}
