import type { ListOptions } from 'consul/lib/catalog/service';
import type { CatalogInstance } from '../../domain/catalog-instance';
import type { ServiceCatalog } from '../../ports/service-catalog';
import type { CatalogSource } from '../../config/flow-options';
import { byId, nodeMetaFilter, nodeNameOf, ownerMetaKey, toCatalogInstance, toForeignInstance, uniqueByEndpoint } from './catalog-entry';
import type { ConsulConnection } from './connect-consul';

/** `?node-meta=docker-flow:1`: a common query option of catalog and health reads, missing from the client's typings. */
const byNodeMeta = { 'node-meta': nodeMetaFilter };

/**
 * ServiceCatalog on Consul's catalog HTTP API, with the external-node pattern: each Docker host
 * is a catalog node `docker-flow-<host>` (NodeMeta `external-node=true`, `docker-flow=1`) at the
 * instance's address, and each instance a service on it with the `docker-flow=1` meta and a check
 * registered as passing (docker-flow registers an instance only once Docker reports it healthy,
 * and deregisters it before stopping it). The node is never named like the Docker host itself: a
 * Consul agent with that node name would remove, by anti-entropy, every service it does not know.
 */
export class ConsulCatalog implements ServiceCatalog {
  readonly description: string;
  private readonly source: CatalogSource;

  /**
   * `source` "any": the instances a proxy routes to (passingInstances) and the changes it follows
   * (waitForChange) also include registrations of others (gliderlabs/registrator), on any node;
   * `list`, what docker-flow keeps in step, stays docker-flow's own.
   */
  constructor(
    private readonly consul: ConsulConnection,
    options: { readonly source?: CatalogSource } = {},
  ) {
    this.description = consul.description;
    this.source = options.source ?? 'docker-flow';
  }

  async register(instance: CatalogInstance, signal: AbortSignal): Promise<void> {
    const node = nodeNameOf(instance.host);
    await this.consul.call(`registering ${instance.id} as ${instance.name} in the catalog`, signal, (client, o) =>
      client.catalog.register({
        node,
        address: instance.address,
        nodemeta: { 'external-node': 'true', [ownerMetaKey]: '1', 'docker-host': instance.host },
        service: {
          id: instance.id,
          service: instance.name,
          address: instance.address,
          port: instance.port,
          tags: [...instance.tags],
          meta: { [ownerMetaKey]: '1', container: instance.container, host: instance.host },
        },
        check: {
          node,
          checkid: `service:${instance.id}`,
          name: `${instance.container} on ${instance.host} is healthy`,
          serviceid: instance.id,
          status: 'passing',
          notes: 'Set by docker-flow from the Docker health check; a deploy or `docker-flow registrator` deregisters the instance when it stops or turns unhealthy.',
        },
        ...o,
      }),
      { needs: `node "${node}" write and service "${instance.name}" write` },
    );
  }

  async deregister(id: string, signal: AbortSignal): Promise<void> {
    const host = hostOfId(id) ?? (await this.list(signal)).find((instance) => instance.id === id)?.host;
    if (host === undefined) return;
    await this.consul.call(`deregistering ${id} from the catalog`, signal, (client, o) =>
      client.catalog.deregister({ node: nodeNameOf(host), serviceid: id, ...o }),
      { needs: `node "${nodeNameOf(host)}" write, or service write on the service of ${id}` },
    );
  }

  async list(signal: AbortSignal): Promise<readonly CatalogInstance[]> {
    const names = await this.serviceNames(signal);
    const lists = await Promise.all(
      names.map(async (name) => {
        const raw: unknown = await this.consul.call(`listing the instances of ${name} in the catalog`, signal, (client, o) =>
          client.catalog.service.nodes({ service: name, ...byNodeMeta, ...o }),
        );
        return this.instancesIn(raw);
      }),
    );
    return lists.flat().sort(byId);
  }

  /** The instances of one catalog name whose checks all pass (what a proxy should route to), sorted by id. */
  async passingInstances(name: string, signal: AbortSignal): Promise<readonly CatalogInstance[]> {
    const any = this.source === 'any';
    const raw: unknown = await this.consul.call(`reading the passing instances of ${name}`, signal, (client, o) =>
      client.health.service({ service: name, passing: true, ...(any ? {} : byNodeMeta), ...o }),
    );
    if (!any) return this.instancesIn(raw).sort(byId);
    const items: readonly unknown[] = Array.isArray(raw) ? raw : [];
    const own = this.instancesIn(items);
    const others = items.filter((item) => toCatalogInstance(item, this.description) === undefined).flatMap((item) => toForeignInstance(item) ?? []);
    return uniqueByEndpoint([...own.sort(byId), ...others]);
  }

  /**
   * A blocking query on docker-flow's part of the catalog: answers when an instance was registered
   * or deregistered after `afterIndex`, or when `waitMs` passed, with the catalog's current index
   * (X-Consul-Index). `afterIndex` 0 answers at once.
   */
  async waitForChange(afterIndex: number, waitMs: number, signal: AbortSignal): Promise<number> {
    const blocking = afterIndex > 0 ? { index: String(afterIndex), wait: `${Math.max(1, Math.round(waitMs))}ms` } : {};
    const answer = await this.consul.exchange(
      afterIndex > 0 ? `waiting for a catalog change after index ${afterIndex}` : 'reading the catalog index',
      signal,
      (client, o) => client.catalog.service.list(listOptions(this.source === 'any' ? {} : byNodeMeta, blocking, o)),
      { timeoutMs: waitMs + waitMs / 16 + this.consul.timeoutMs },
    );
    return answer.index;
  }

  private async serviceNames(signal: AbortSignal): Promise<readonly string[]> {
    const raw: unknown = await this.consul.call('listing the services docker-flow registered', signal, (client, o) =>
      client.catalog.service.list(listOptions(byNodeMeta, o)),
    );
    return typeof raw === 'object' && raw !== null ? Object.keys(raw).sort() : [];
  }

  private instancesIn(raw: unknown): CatalogInstance[] {
    const items: readonly unknown[] = Array.isArray(raw) ? raw : [];
    return items.map((item) => toCatalogInstance(item, this.description)).filter((i): i is CatalogInstance => i !== undefined);
  }
}

/** The client's ListOptions names none of the common query options (node-meta, index, wait, ctx): add them. */
function listOptions(...parts: readonly object[]): ListOptions {
  const options: ListOptions = {};
  for (const part of parts) Object.assign(options, part);
  return options;
}

/** `<host>:<container>`: container names never hold a colon, so the host is everything before the last one. */
function hostOfId(id: string): string | undefined {
  const colon = id.lastIndexOf(':');
  return colon > 0 ? id.slice(0, colon) : undefined;
}
