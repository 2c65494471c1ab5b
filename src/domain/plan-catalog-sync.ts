import type { CatalogInstance } from './catalog-instance';
import type { ContainerInfo } from './container';

/** An instance belongs in the catalog while it runs and Docker calls it healthy (or it has no health check). */
export function isServing(info: ContainerInfo): boolean {
  return info.role === 'target' && info.state === 'running' && (info.health === 'healthy' || info.health === 'none');
}

export interface CatalogSyncPlan {
  /** New or changed instances, sorted by id. */
  readonly register: readonly CatalogInstance[];
  /** Ids of registered instances that no longer serve, sorted. */
  readonly deregister: readonly string[];
  /** Hosts with registered instances this run cannot judge (their engine did not answer, or it is not watched). */
  readonly untouchedHosts: readonly string[];
}

/**
 * What makes the catalog equal to reality: `serving` holds the instances that should be
 * registered on the hosts listed in `observedHosts` (their engines answered). Entries of other
 * hosts are left alone, so an unreachable engine never empties the catalog.
 */
export function planCatalogSync(serving: readonly CatalogInstance[], registered: readonly CatalogInstance[], observedHosts: readonly string[]): CatalogSyncPlan {
  const wanted = new Map(serving.map((instance) => [instance.id, instance]));
  const present = new Map(registered.map((instance) => [instance.id, instance]));
  const observed = new Set(observedHosts);
  const register = [...wanted.values()].filter((instance) => !sameInstance(present.get(instance.id), instance));
  const deregister = [...present.values()].filter((instance) => observed.has(instance.host) && !wanted.has(instance.id)).map((instance) => instance.id);
  const untouchedHosts = new Set([...present.values()].filter((instance) => !observed.has(instance.host)).map((instance) => instance.host));
  return {
    register: register.sort((a, b) => compare(a.id, b.id)),
    deregister: deregister.sort(compare),
    untouchedHosts: [...untouchedHosts].sort(compare),
  };
}

export function sameInstance(a: CatalogInstance | undefined, b: CatalogInstance): boolean {
  return (
    a !== undefined && a.name === b.name && a.address === b.address && a.port === b.port && a.container === b.container && a.host === b.host &&
    [...a.tags].sort().join('\n') === [...b.tags].sort().join('\n')
  );
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
