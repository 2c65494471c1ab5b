import { UnreachableError } from '../../errors';
import type { CatalogInstance } from '../../domain/catalog-instance';

/** Service meta key that marks docker-flow's own registrations (`docker-flow=1`). */
export const ownerMetaKey = 'docker-flow';
/** Node meta of the catalog nodes docker-flow registers its Docker hosts as. */
export const nodeMetaFilter = `${ownerMetaKey}:1`;

/** The Consul node a Docker host is registered as (never a Consul agent's own node: see nodeNameOf). */
export function nodeNameOf(host: string): string {
  return `docker-flow-${host}`;
}

/**
 * Maps one entry of `GET /v1/catalog/service/<name>` (flat: ServiceID, ServicePort...) or of
 * `GET /v1/health/service/<name>` (nested: Node, Service, Checks) into a CatalogInstance.
 * Undefined for entries docker-flow did not register (no `docker-flow=1` service meta).
 */
export function toCatalogInstance(raw: unknown, description: string): CatalogInstance | undefined {
  const nested = field(raw, 'Service');
  const service = typeof nested === 'object' && nested !== null ? nested : undefined;
  const node = service === undefined ? raw : field(raw, 'Node');
  const pick = (flat: string, inner: string): unknown => (service === undefined ? field(raw, flat) : field(service, inner));
  const meta = pick('ServiceMeta', 'Meta');
  if (field(meta, ownerMetaKey) !== '1') return undefined;
  const id = pick('ServiceID', 'ID');
  const name = pick('ServiceName', 'Service');
  const serviceAddress = pick('ServiceAddress', 'Address');
  const port = pick('ServicePort', 'Port');
  const tags = pick('ServiceTags', 'Tags');
  const container = field(meta, 'container');
  const host = field(meta, 'host');
  const nodeAddress = field(node, 'Address');
  const address = typeof serviceAddress === 'string' && serviceAddress !== '' ? serviceAddress : nodeAddress;
  if (
    typeof id !== 'string' || typeof name !== 'string' || typeof address !== 'string' || typeof port !== 'number' ||
    typeof container !== 'string' || typeof host !== 'string' || (tags !== null && !Array.isArray(tags))
  ) {
    throw new UnreachableError(`${description} answered a catalog read with an entry docker-flow cannot read: ${JSON.stringify(raw)}`, {
      hint: 'check that --consul-address points at a Consul agent (HTTP API v1); entries with the docker-flow=1 meta are written by docker-flow only',
    });
  }
  const tagList = (Array.isArray(tags) ? tags : []).filter((tag): tag is string => typeof tag === 'string');
  return { id, name, address, port, tags: tagList, container, host };
}

/** Sorted by id, as ServiceCatalog.list promises. */
export function byId(a: CatalogInstance, b: CatalogInstance): number {
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

function field(raw: unknown, name: string): unknown {
  return typeof raw === 'object' && raw !== null ? Reflect.get(raw, name) : undefined;
}

/**
 * An entry of `GET /v1/health/service/<name>` registered by someone else (gliderlabs/registrator,
 * which names services by the containers' SERVICE_NAME and IDs them `<hostname>:<container>:<port>`):
 * what a proxy needs to route to it. Undefined when it has no usable address or port.
 */
export function toForeignInstance(raw: unknown): CatalogInstance | undefined {
  const service = field(raw, 'Service');
  const node = field(raw, 'Node');
  const id = field(service, 'ID');
  const name = field(service, 'Service');
  const serviceAddress = field(service, 'Address');
  const address = typeof serviceAddress === 'string' && serviceAddress !== '' ? serviceAddress : field(node, 'Address');
  const port = field(service, 'Port');
  const tags = field(service, 'Tags');
  const host = field(node, 'Node');
  if (typeof id !== 'string' || typeof name !== 'string' || typeof address !== 'string' || address === '' || typeof port !== 'number' || port <= 0) return undefined;
  const parts = id.split(':');
  const container = parts.length === 3 && parts[1] !== undefined && parts[1] !== '' ? parts[1] : id;
  const tagList = (Array.isArray(tags) ? tags : []).filter((tag): tag is string => typeof tag === 'string');
  return { id, name, address, port, tags: tagList, container, host: typeof host === 'string' ? host : '' };
}

/** One instance per address and port (the first kept: docker-flow's own before others'), sorted by id. */
export function uniqueByEndpoint(instances: readonly CatalogInstance[]): readonly CatalogInstance[] {
  const seen = new Set<string>();
  return instances.filter((instance) => {
    const endpoint = `${instance.address}:${instance.port}`;
    if (seen.has(endpoint)) return false;
    seen.add(endpoint);
    return true;
  }).sort(byId);
}
