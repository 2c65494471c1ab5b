import { isUp, type ClusterView } from './cluster-view';
import type { ContainerInfo } from './container';
import { UnreachableError } from '../errors';
import { phases, type Plan, type PlanStep, type StoredKey } from './plan';

export interface RemoveInput {
  readonly project: string;
  readonly target: string;
  readonly service: string;
  readonly view: ClusterView;
  /** Which of the service's keys exist now (a rerun after an interruption finds fewer). */
  readonly stored: { readonly color: boolean; readonly scale: boolean; readonly releases: number };
  /** The stored route's paths, when the service has a route. */
  readonly routedPaths?: readonly string[];
  /** Catalog entries of the service's names (every colour); empty without Consul. */
  readonly catalog: readonly { readonly id: string; readonly host: string; readonly container: string }[];
  /** Side targets to remove too (--side-targets); empty otherwise. */
  readonly sideTargets: readonly string[];
  /** --purge: the release history goes too. */
  readonly purge: boolean;
  readonly drainMs: number;
}

/**
 * `docker-flow remove`: takes a target down everywhere, from what is left of it (so a rerun after
 * an interruption finishes the job): its route out of the proxy, then drained; its instances of
 * both colours (and leftover one-off containers) stopped and removed on every host, which
 * deregisters them; catalog entries without a container deregistered; its colour and scale keys
 * deleted, its release history only with `purge`; side targets only when named. Every host must
 * answer (a silent one would keep containers the state no longer knows). Pure; no phase when
 * nothing is left.
 */
export function planRemove(input: RemoveInput): Plan {
  if (input.view.unreachable.length > 0) {
    const silent = input.view.unreachable.map((u) => `${u.host} (${u.reason})`).join('; ');
    throw new UnreachableError(`remove ${input.service} needs every host, and ${silent} did not answer; nothing was removed`, {
      hint: `bring the engine back and run remove again; a host that is gone for good: take it out of --host / hosts: first (its containers stay there)`,
    });
  }
  const mine = input.view.containers
    .filter((c) => c.project === input.project && belongs(c, input))
    .sort((a, b) => a.host.localeCompare(b.host) || a.name.localeCompare(b.name));
  const running = mine.filter(isUp);
  const removed = new Set(mine.map((c) => `${c.host}:${c.name}`));
  const orphans = input.catalog.filter((entry) => !removed.has(`${entry.host}:${entry.container}`) && !removed.has(entry.id));
  const keys: StoredKey[] = [...(input.stored.color ? ['color' as const] : []), ...(input.stored.scale ? ['scale' as const] : []), ...(input.purge && input.stored.releases > 0 ? ['releases' as const] : [])];
  const routed = input.routedPaths !== undefined;
  const steps = {
    unroute: routed ? [{ kind: 'unroute', service: input.service, paths: input.routedPaths ?? [] } as const] : [],
    drain: routed && running.some((c) => c.role === 'target') ? [{ kind: 'drain', service: input.service, timeoutMs: input.drainMs } as const] : [],
    stop: running.map((c): PlanStep => ({ kind: 'stop', host: c.host, container: c.name, graceSec: c.stopTimeoutSec ?? 10 })),
    remove: mine.map((c): PlanStep => ({ kind: 'remove', host: c.host, container: c.name })),
    deregister: orphans.map((entry): PlanStep => ({ kind: 'deregister', id: entry.id })),
    forget: keys.length > 0 ? [{ kind: 'forget', service: input.service, keys } as const] : [],
  };
  return {
    title: `remove ${input.service}: ${describeWhat(input, mine, orphans.length, keys)}`,
    service: input.service,
    phases: phases(
      { title: 'take the route out of the proxy', steps: steps.unroute },
      { title: 'drain requests in flight', steps: steps.drain },
      { title: 'stop instances', steps: steps.stop },
      { title: 'remove instances', steps: steps.remove },
      { title: 'deregister catalog entries left without a container', steps: steps.deregister },
      { title: 'forget the state', steps: steps.forget },
    ),
    onFailure: [],
  };
}

/** Containers of the target (any colour, leftover one-offs and release commands), and of the side targets asked for. */
function belongs(c: ContainerInfo, input: RemoveInput): boolean {
  if (c.role === 'side') return c.target !== undefined && input.sideTargets.includes(c.target);
  return c.target === input.target && c.role !== 'proxy';
}

function describeWhat(input: RemoveInput, mine: readonly ContainerInfo[], orphans: number, keys: readonly StoredKey[]): string {
  const hosts = [...new Set(mine.map((c) => c.host))];
  const parts = [
    input.routedPaths === undefined ? undefined : `route ${input.routedPaths.join(', ')}`,
    mine.length === 0 ? undefined : `${mine.length} container${mine.length === 1 ? '' : 's'} on ${hosts.join(', ')}`,
    orphans === 0 ? undefined : `${orphans} catalog entr${orphans === 1 ? 'y' : 'ies'} without a container`,
    keys.some((k) => k !== 'releases') ? 'its colour and scale' : undefined,
  ].filter((p): p is string => p !== undefined);
  const history = input.stored.releases === 0 ? '' : input.purge ? `; its release history (${input.stored.releases}) too` : `; its release history (${input.stored.releases}) is kept (--purge removes it)`;
  return `${parts.length === 0 ? 'nothing is left' : parts.join(', ')}${history}`;
}
