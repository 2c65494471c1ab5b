import type { DockerEngine } from '../ports/docker-engine';
import type { ContainerInfo } from '../domain/container';
import { ConfigError } from '../errors';
import type { FlowContext } from './flow-context';
import { readCluster, requireSomeHost } from './gather-cluster';

/** The hosts a day-two command reads that answered, and the project's containers on them. */
export interface ReachedHosts {
  readonly engines: readonly DockerEngine[];
  readonly containers: readonly ContainerInfo[];
}

/**
 * The engines of the cluster (or the one `--node` names: an unknown name is bad input listing the
 * hosts) and the project's containers on each. A host that does not answer is named once, with
 * `others` saying what happens instead; when none answers, the error of requireSomeHost.
 */
export async function selectEngines(ctx: FlowContext, node: string | undefined, project: string, others: string): Promise<ReachedHosts> {
  requireKnownNode(ctx, node);
  const engines = new Map([...ctx.engines].filter(([name]) => node === undefined || name === node));
  const gathered = await readCluster(engines, project, [], ctx.signal);
  requireSomeHost(gathered);
  for (const u of gathered.view.unreachable) ctx.progress({ type: 'note', message: `host ${u.host} did not answer (${u.reason}); ${others}` });
  const reachable = new Set(gathered.view.hosts.map((h) => h.name));
  return { engines: [...engines.values()].filter((e) => reachable.has(e.host.name)), containers: gathered.view.containers };
}

/** `--node` must name a host of the cluster: otherwise bad input listing the hosts. */
export function requireKnownNode(ctx: Pick<FlowContext, 'engines'>, node: string | undefined): void {
  if (node === undefined || ctx.engines.has(node)) return;
  throw new ConfigError('--node', `"${node}" is not a host of the cluster; its hosts: ${[...ctx.engines.keys()].join(', ')}`, {
    hint: '--node takes a host name as docker-flow status shows it (hosts: in docker-flow.yml, or derived from each -H endpoint); -H names Docker endpoints',
  });
}
