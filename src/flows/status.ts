import type { ProxyStanding } from '../apply/proxy-standing';
import type { ContainerInfo } from '../domain/container';
import { formatDockerEndpoint } from '../domain/docker-endpoint';
import type { CorruptRecord } from '../domain/stored-record';
import { describeCanaryProgress } from '../domain/canary-record';
import { formatAgentStatus, readAgentStatus, type AgentStatus } from './agent-status';
import { gatherCluster } from './gather-cluster';
import type { FlowContext } from './flow-context';

export interface InstanceStatus {
  readonly name: string;
  readonly host: string;
  readonly color?: string;
  readonly role: string;
  readonly state: string;
  readonly health: string;
  readonly image: string;
  readonly release?: number;
  readonly ports: readonly string[];
  readonly routed: boolean;
}

export interface ServiceStatus {
  readonly service: string;
  readonly liveColor?: string;
  readonly routedColor?: string;
  readonly scale?: number;
  readonly paths: readonly string[];
  /** During a canary: the new colour and its share of requests. */
  readonly canary?: { readonly color: string; readonly percent: number };
  /** A stepped canary under way: its step, of how many, and since when the step runs. */
  readonly canaryProgress?: { readonly step: number; readonly steps: readonly number[]; readonly percent: number; readonly since: string; readonly release: number; readonly returnedAt?: string };
  /** A proxy switch recorded but not confirmed (its docker-flow stopped): the proxy may serve either route; the next run settles it. */
  readonly switching?: { readonly from?: string; readonly since: string };
  readonly lastRelease?: { readonly number: number; readonly result: string; readonly startedAt: string };
  readonly instances: readonly InstanceStatus[];
}

export interface ProjectStatus {
  readonly project: string;
  readonly store: string;
  readonly hosts: readonly { readonly name: string; readonly endpoint: string; readonly reachable: boolean; readonly reason?: string }[];
  readonly services: readonly ServiceStatus[];
  /** Schedules and watched images of `docker-flow agent`, when an agent ran for the project. */
  readonly agent?: AgentStatus;
  /** Every proxy of the tier, when a route is stored: up, behind (its configuration version against the stored routes'), stopped, unreachable. */
  readonly proxies?: readonly ProxyStanding[];
  /** Stored records that could not be read (each key and why), when there are any: the rest of the status stands. */
  readonly corrupt?: readonly CorruptRecord[];
}

/** `docker-flow status`: every service of the project, its colours, and each instance by host. */
export async function readStatus(ctx: FlowContext): Promise<ProjectStatus> {
  const project = ctx.options.project;
  const view = await gatherCluster(ctx.engines, project, [], ctx.signal);
  const byService = new Map<string, ContainerInfo[]>();
  for (const c of view.containers) {
    const service = c.labels['io.docker-flow.service'];
    if (service === undefined) continue;
    byService.set(service, [...(byService.get(service) ?? []), c]);
  }
  const corrupt: CorruptRecord[] = [];
  const services = await Promise.all(
    [...byService.keys()].sort().map(async (service): Promise<ServiceStatus> => {
      const snapshot = await ctx.store.read(service, ctx.signal);
      corrupt.push(...snapshot.corrupt);
      const routed = new Set([...(snapshot.route?.servers ?? []), ...(snapshot.route?.canary?.servers ?? [])].map((s) => s.name));
      const canary = snapshot.route?.canary;
      const switching = snapshot.route?.switching;
      const last = snapshot.releases[0];
      const instances = (byService.get(service) ?? [])
        .sort((a, b) => a.host.localeCompare(b.host) || a.name.localeCompare(b.name))
        .map((c): InstanceStatus => ({
          name: c.name,
          host: c.host,
          ...(c.color === undefined ? {} : { color: c.color }),
          role: c.role ?? 'target',
          state: c.state,
          health: c.health,
          image: c.image,
          ...(c.release === undefined ? {} : { release: c.release }),
          ports: c.publishedPorts.map((p) => `${p.hostIp}:${p.hostPort}->${p.containerPort}/${p.protocol}`),
          routed: routed.has(c.name),
        }));
      return {
        service,
        ...(snapshot.state.color === undefined ? {} : { liveColor: snapshot.state.color }),
        ...(snapshot.state.routedColor === undefined ? {} : { routedColor: snapshot.state.routedColor }),
        ...(snapshot.state.scale === undefined ? {} : { scale: snapshot.state.scale }),
        paths: snapshot.route?.paths ?? [],
        ...(canary === undefined ? {} : { canary: { color: canary.color, percent: canary.percent } }),
        ...(snapshot.canary === undefined ? {} : { canaryProgress: { step: snapshot.canary.step, steps: snapshot.canary.steps, percent: snapshot.canary.percent, since: snapshot.canary.since, release: snapshot.canary.release, ...(snapshot.canary.returnedAt === undefined ? {} : { returnedAt: snapshot.canary.returnedAt }) } }),
        ...(switching === undefined ? {} : { switching: { since: switching.since, ...(switching.previous?.color === undefined ? {} : { from: switching.previous.color }) } }),
        ...(last === undefined ? {} : { lastRelease: { number: last.number, result: last.result, startedAt: last.startedAt } }),
        instances,
      };
    }),
  );
  const hosts = [...ctx.engines.values()].map((e) => {
    const down = view.unreachable.find((u) => u.host === e.host.name);
    return { name: e.host.name, endpoint: formatDockerEndpoint(e.host.endpoint), reachable: down === undefined, ...(down === undefined ? {} : { reason: down.reason }) };
  });
  // a corrupt route record is reported below; the proxies are then left out rather than failing the status
  const proxies = services.some((s) => s.paths.length > 0) ? await ctx.proxy().standing(ctx.signal).catch(() => undefined) : undefined;
  const { agent, corrupt: agentCorrupt } = await readAgentStatus(ctx);
  corrupt.push(...agentCorrupt);
  corrupt.sort((a, b) => a.key.localeCompare(b.key));
  return { project, store: ctx.store.description, hosts, services, ...(proxies === undefined ? {} : { proxies }), ...(agent === undefined ? {} : { agent }), ...(corrupt.length === 0 ? {} : { corrupt }) };
}

/** The status as a terminal table, instances grouped by host. */
export function formatStatus(status: ProjectStatus): readonly string[] {
  const lines = [`project ${status.project} (state: ${status.store})`];
  for (const h of status.hosts) if (!h.reachable) lines.push(`! host ${h.name} (${h.endpoint}) did not answer: ${h.reason ?? ''}`);
  for (const c of status.corrupt ?? []) lines.push(`! ${c.key} ${c.reason}; left as it is: fix or delete it`);
  if (status.proxies !== undefined) lines.push(`proxies: ${status.proxies.map(describeStanding).join(', ')}`);
  if (status.services.length === 0) lines.push('no services deployed by docker-flow in this project');
  for (const s of status.services) {
    const release = s.lastRelease === undefined ? '' : `  release ${s.lastRelease.number} ${s.lastRelease.result}`;
    const split = s.canary === undefined ? (s.routedColor ?? (s.paths.length > 0 ? 'routed' : '-')) : `${s.routedColor ?? '-'} ${100 - s.canary.percent}% / ${s.canary.color} ${s.canary.percent}% (canary)`;
    const routes = s.canaryProgress === undefined ? split : `${split}  ${describeCanaryProgress(s.canaryProgress)}`;
    const proxy = s.switching === undefined ? routes : `${routes} (switch from ${s.switching.from ?? 'no route'} unconfirmed since ${s.switching.since}; the next run settles it)`;
    lines.push('', `${s.service}  live: ${s.liveColor ?? '-'}  proxy: ${proxy}  scale: ${s.scale ?? '-'}  paths: ${s.paths.join(' ') || '-'}${release}`);
    const hosts = [...new Set(s.instances.map((i) => i.host))];
    for (const host of hosts) {
      lines.push(`  host ${host}`);
      // the health of a stopped container is its last check (often failed while it stopped): not news
      const rows = s.instances.filter((i) => i.host === host).map((i) => [i.name, i.color ?? i.role, i.state, i.state === 'running' ? i.health : '-', i.image, i.ports.join(',') || '-', i.routed ? 'routed' : '']);
      lines.push(...table(rows).map((r) => `    ${r}`));
    }
  }
  if (status.agent !== undefined) lines.push(...formatAgentStatus(status.agent));
  return lines;
}

/** `h1 up`, `h2 BEHIND (serves 1a2b..., stored routes 3c4d...)`, `h3 UNREACHABLE (why)`. */
function describeStanding(p: ProxyStanding): string {
  if (p.state === 'up') return `${p.name} up`;
  if (p.state === 'unreachable') return `${p.name} UNREACHABLE (${p.why ?? ''})`;
  const versions = `serves ${p.servedVersion ?? 'nothing'}, stored routes ${p.storedVersion ?? '-'}`;
  return p.state === 'behind' ? `${p.name} BEHIND (${versions}; the next route change or proxy watch brings it up to date)` : `${p.name} stopped (${versions})`;
}

function table(rows: readonly (readonly string[])[]): readonly string[] {
  const widths = rows.reduce<number[]>((w, row) => row.map((cell, i) => Math.max(w[i] ?? 0, cell.length)), []);
  return rows.map((row) => row.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join('  ').trimEnd());
}
