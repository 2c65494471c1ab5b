import { stringify } from 'yaml';
import { isListKind } from './option-row';
import type { DefaultContext, OptionRow } from './option-row';
import { optionTable } from './option-table';

/** Values `docker-flow init` fills in, by yml key (`target`, `side_targets`, ...): written as active keys. */
export type ConfigPrefill = ReadonlyMap<string, string | readonly string[]>;

/**
 * docker-flow.yml with every key docker-flow reads, in option-table order: a one-line comment (what it
 * does, its flag and environment names, its default) above each key. Keys in `prefill` are written
 * with that value; every other key is commented out with its default, so the file changes nothing
 * until a line is uncommented (and a later default still applies). Keys whose default depends on
 * where docker-flow runs (the project, the state folder) have no value after the colon. `hosts`,
 * `hooks` and `schedules` (structured) end the file as commented examples. Pure.
 */
export function renderConfigFile(header: readonly string[], prefill: ConfigPrefill = new Map()): string {
  const lines = header.map((line) => (line === '' ? '#' : `# ${line}`));
  const groups = new Set<string>();
  for (const row of ordered()) {
    const [group, key] = row.ymlKey.split('.');
    if (key === undefined || group === undefined) {
      lines.push('', `# ${commentOf(row)}`, keyLine(row.ymlKey, prefill.get(row.ymlKey) ?? defaultValueOf(row), prefill.has(row.ymlKey), ''));
      continue;
    }
    if (groups.has(group)) continue;
    groups.add(group);
    lines.push('', `# ${groupComments[group] ?? group}`, `# ${group}:`);
    for (const member of optionTable.filter((candidate) => candidate.ymlKey.startsWith(`${group}.`))) {
      const name = member.ymlKey.slice(group.length + 1);
      lines.push(`#   # ${commentOf(member)}`, keyLine(name, defaultValueOf(member), false, '  '));
    }
  }
  for (const example of structuredExamples) lines.push('', `# ${example.comment}`, ...example.yaml.map((line) => `# ${line}`));
  return `${lines.join('\n')}\n`;
}

/** A value as docker-flow.yml holds it. */
export type YamlValue = boolean | number | string | readonly string[];

/** The repository's top-level docker-flow.yml: the complete reference, every key commented out. */
export function renderConfigReference(): string {
  return renderConfigFile([
    'docker-flow.yml: the complete reference. Every key docker-flow reads, with its default and what it does.',
    'Generated from src/config/option-table.ts by `npm run reference`; change the table, not this file.',
    'Every key is commented out: uncomment and edit what your project needs (docker-flow init writes one for a project).',
    'Precedence: docker-flow.yml < environment variables < command-line flags. Paths are relative to this file.',
  ]);
}

/** The keys a project sets first, then the rest in option-table order. */
const firstKeys = ['target', 'side_targets', 'service_path', 'blue_green', 'flow', 'compose_path', 'project', 'host'];

function ordered(): readonly OptionRow[] {
  const rank = (row: OptionRow): number => (firstKeys.includes(row.ymlKey) ? firstKeys.indexOf(row.ymlKey) : firstKeys.length);
  return [...optionTable].sort((a, b) => rank(a) - rank(b));
}

/** `key: value` (active) or `# key: value` (commented); no value when there is none to show. */
function keyLine(key: string, value: YamlValue | undefined, active: boolean, indent: string): string {
  const text = value === undefined ? '' : ` ${stringify(typeof value === 'object' ? [...value] : value, { collectionStyle: 'flow', flowCollectionPadding: false }).trim()}`;
  return `${active ? '' : '# '}${indent}${key}:${text}`;
}

/** What the key does, where else it can be set, and its default: one line. */
function commentOf(row: OptionRow): string {
  const repeat = isListKind(row.kind) && !/repeat/.test(row.description) ? ' (a list)' : '';
  const no = row.clearable === undefined ? '' : '; false drops the one remembered';
  const fallback = row.defaultText === undefined ? '' : `; default: ${row.defaultText}`;
  return `${row.description}${repeat}${no} (--${row.long}, ${row.env.join(' or ')})${fallback}`;
}

/**
 * The default as a docker-flow.yml value, when it does not depend on where docker-flow runs: the
 * row's fallback is asked in two unlike places and must agree (and name no other source).
 */
export function defaultValueOf(row: OptionRow): YamlValue | undefined {
  if (row.fallback === undefined) return undefined;
  const here = row.fallback(probes[0]);
  const there = row.fallback(probes[1]);
  if (here === undefined || there === undefined || here.key !== undefined || JSON.stringify(here.value) !== JSON.stringify(there.value)) return undefined;
  const value = here.value;
  if (row.kind === 'duration' && typeof value === 'string') return `${value}s`;
  if (row.kind === 'int' && typeof value === 'string') return Number(value);
  return value;
}

const probes: readonly [DefaultContext, DefaultContext] = [
  { env: {}, cwd: '/srv/one', home: '/home/one' },
  { env: { DOCKER_CERT_PATH: '/certs', XDG_STATE_HOME: '/state' }, cwd: '/opt/two', home: '/root' },
];

const groupComments: Readonly<Record<string, string>> = {
  notify: 'Webhooks told about deploys (deploy.started, deploy.succeeded, deploy.failed, rollback.*)',
};

/** The structured keys, which have no row: what each holds, as an example to uncomment. */
const structuredExamples: readonly { readonly comment: string; readonly yaml: readonly string[] }[] = [
  {
    comment: 'The Docker hosts of the cluster, instead of --host (name, endpoint, cert_path, address, labels for placement); default: the local engine',
    yaml: [
      'hosts:',
      '  - name: node-1',
      '    endpoint: tcp://10.0.0.11:2376',
      '    cert_path: /etc/docker-flow/node-1',
      '    address: 10.0.0.11',
      '    labels: { zone: a }',
    ],
  },
  {
    comment: 'The proxy tier, instead of --proxy-docker-host: one HAProxy per entry, switched together (a host of the cluster by name, local, an endpoint, or name/endpoint/cert_path/address); default: the local HAProxy process',
    yaml: ['proxies:', '  - node-1', '  - node-2', '  - { name: edge-1, endpoint: tcp://10.0.0.21:2376, cert_path: /etc/docker-flow/edge-1 }'],
  },
  {
    comment: 'Shell commands run in this folder around a deploy (each a command or a list, in order); default: none, timeout 5m',
    yaml: ['hooks:', '  before_deploy: ./scripts/check.sh', '  after_deploy: ["./scripts/smoke.sh"]', '  on_failure: ./scripts/page.sh', '  timeout: 5m'],
  },
  {
    comment: 'Flows docker-flow agent runs on cron schedules (name, cron, timezone, flows and any option key above); default: none',
    yaml: ['schedules:', '  - name: morning-up', '    cron: "0 8 * * 1-5"', '    timezone: Europe/Paris', '    flows: [scale, proxy]', '    scale: "+2"'],
  },
];
