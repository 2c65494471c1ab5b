import type Docker from 'dockerode';
import { writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { httpGet } from '../support/http-get';
import { runCli, type CliResult } from '../support/run-cli';
import { registryFromHosts, simulatedHostDocker, type SimulatedHost } from '../support/simulated-hosts';
import { tempDir } from '../support/temp-dir';

/** Labels of the simulated hosts in the `hosts:` list: h1 and h3 are zone a, h2 zone b. */
export const zoneOf: Readonly<Record<string, string>> = { h1: 'a', h2: 'b', h3: 'a' };

/**
 * The `hosts:` list a user writes for the simulated hosts: sockets with the address their ports
 * are reached at, and h3 over tcp with the harness's TLS client files.
 */
export function hostsYml(hosts: readonly SimulatedHost[]): string {
  const lines = ['hosts:'];
  for (const host of hosts) {
    lines.push(`  - name: ${host.name}`, `    endpoint: ${host.endpoint}`);
    if (host.certPath !== undefined) lines.push(`    cert_path: ${host.certPath}`);
    lines.push(`    address: ${host.address}`, `    labels: { zone: ${zoneOf[host.name] ?? 'none'} }`);
  }
  return `${lines.join('\n')}\n`;
}

/** A compose project whose target image comes from the registry (pulled by docker-flow on each host). */
export function appCompose(repository: string, placement = ''): string {
  return [
    'services:',
    '  app:',
    `    image: ${registryFromHosts}/${repository}:\${VERSION:-v1}`,
    '    ports: ["8080"]',
    '    stop_grace_period: 2s',
    placement,
  ].join('\n');
}

export interface HostsProject {
  readonly dir: string;
  readonly project: string;
  /** `input` is written to the command's stdin. */
  cli(args: readonly string[], env?: Readonly<Record<string, string>>, input?: string): Promise<CliResult>;
  /** The project's containers on each host (every host unless `only` names some), sorted by name. */
  byHost(only?: readonly string[]): Promise<ReadonlyMap<string, readonly ProjectContainer[]>>;
  cleanup(): Promise<void>;
}

export interface ProjectContainer {
  readonly name: string;
  readonly id: string;
  readonly state: string;
  readonly color?: string;
  readonly image: string;
}

/** A project folder (docker-compose.yml, docker-flow.yml with the hosts) with its own state folder. */
export async function hostsProject(project: string, hosts: readonly SimulatedHost[], compose: string, proxyPorts: readonly [number, number]): Promise<HostsProject> {
  const dir = await tempDir(`df-${project}`);
  await writeFile(join(dir, 'docker-compose.yml'), compose);
  await writeFile(join(dir, 'docker-flow.yml'), hostsYml(hosts));
  const engines = new Map(hosts.map((host) => [host.name, simulatedHostDocker(host)]));
  const listed = async (docker: Docker): Promise<ProjectContainer[]> => {
    const list = await docker.listContainers({ all: true, filters: { label: [`com.docker.compose.project=${project}`] } });
    return list
      .map((c) => ({ name: (c.Names[0] ?? '').replace(/^\//, ''), id: c.Id, state: c.State, image: c.Image, ...(c.Labels['io.docker-flow.color'] === undefined ? {} : { color: c.Labels['io.docker-flow.color'] }) }))
      .sort((a, b) => a.name.localeCompare(b.name));
  };
  return {
    dir,
    project,
    cli: (args, env = {}, input) =>
      runCli(['-p', project, '--proxy-port', String(proxyPorts[0]), '--proxy-reconf-port', String(proxyPorts[1]), ...args], {
        cwd: dir,
        env: { FLOW_STATE_DIR: join(dir, '.state'), FLOW_SETTLE: '1', ...env },
        timeoutMs: 240_000,
        ...(input === undefined ? {} : { input }),
      }),
    async byHost(only) {
      const wanted = [...engines].filter(([name]) => only === undefined || only.includes(name));
      const entries = await Promise.all(wanted.map(async ([name, docker]) => [name, await listed(docker)] as const));
      return new Map(entries);
    },
    async cleanup() {
      await Promise.allSettled(
        [...engines.values()].map(async (docker) => {
          const list = await docker.listContainers({ all: true, filters: { label: [`com.docker.compose.project=${project}`] } });
          await Promise.all(list.map((c) => docker.getContainer(c.Id).remove({ force: true }).catch(() => undefined)));
          const nets = await docker.listNetworks({ filters: { label: [`io.docker-flow.project=${project}`] } });
          await Promise.all(nets.map((n) => docker.getNetwork(n.Id).remove().catch(() => undefined)));
        }),
      );
    },
  };
}

/** Names of the running containers of a colour on each host: `{ h1: 2, h2: 2, h3: 2 }`. */
export function runningPerHost(byHost: ReadonlyMap<string, readonly ProjectContainer[]>, color: string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const [host, list] of byHost) counts[host] = list.filter((c) => c.state === 'running' && c.color === color).length;
  return counts;
}

/**
 * Sends `requests` GETs through the proxy and says which host answered each: the demo app answers
 * `instance: <its hostname>`, the first 12 characters of its container id.
 */
export async function hostsAnswering(url: string, byHost: ReadonlyMap<string, readonly ProjectContainer[]>, requests: number): Promise<{ readonly hosts: ReadonlyMap<string, number>; readonly versions: ReadonlySet<string>; readonly instances: ReadonlySet<string> }> {
  const hostOfInstance = new Map<string, string>();
  for (const [host, list] of byHost) for (const c of list) hostOfInstance.set(c.id.slice(0, 12), host);
  const hosts = new Map<string, number>();
  const versions = new Set<string>();
  const instances = new Set<string>();
  for (let i = 0; i < requests; i += 1) {
    const answer = await httpGet(url);
    if (answer.status !== 200) throw new Error(`GET ${url} answered ${answer.status}: ${answer.body}`);
    const instance = /instance: (\S+)/.exec(answer.body)?.[1] ?? '?';
    const host = hostOfInstance.get(instance) ?? `unknown instance ${instance}`;
    instances.add(instance);
    hosts.set(host, (hosts.get(host) ?? 0) + 1);
    versions.add(/version: (\S+)/.exec(answer.body)?.[1] ?? '?');
  }
  return { hosts, versions, instances };
}

/** The JSON log lines of a run (--log-format json), parsed; other lines are skipped. */
export function jsonLines(stderr: string): readonly Readonly<Record<string, unknown>>[] {
  const lines: Record<string, unknown>[] = [];
  for (const line of stderr.split('\n')) {
    if (!line.startsWith('{')) continue;
    try {
      const parsed: unknown = JSON.parse(line);
      if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) lines.push({ ...parsed });
    } catch {
      // not a log line
    }
  }
  return lines;
}

/** Two ports of 18600-18699 (this area's range) that nothing listens on, for the proxy's HTTP and status ports. */
export async function proxyPortsInRange(): Promise<readonly [number, number]> {
  const free: number[] = [];
  const start = 18600 + (process.pid % 50);
  for (let i = 0; i < 100 && free.length < 2; i += 1) {
    const port = 18600 + ((start - 18600 + i * 7) % 100);
    if (!free.includes(port) && (await canListen(port))) free.push(port);
  }
  const [http, status] = free;
  if (http === undefined || status === undefined) throw new Error('no two free ports in 18600-18699');
  return [http, status];
}

function canListen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '0.0.0.0', () => server.close(() => resolve(true)));
  });
}
