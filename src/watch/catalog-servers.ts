import type { ServiceCatalog } from '../ports/service-catalog';
import type { ServerSource } from '../apply/haproxy-gateway';
import { mergeServers } from '../apply/merge-servers';
import { catalogName } from '../domain/names';

/**
 * A route's servers from the catalog (proxy watch with Consul): the passing instances registered
 * under the route's coloured name `<project>-<target>-<color>`, minus excluded containers, one per
 * address and port, by name (with --catalog-source=any, registrations of others too).
 */
export function catalogServerSource(catalog: Pick<ServiceCatalog, 'passingInstances'>): ServerSource {
  return async (route, signal) => {
    const instances = await catalog.passingInstances(catalogName(route.project, route.target, route.color), signal);
    return mergeServers(
      instances
        .filter((instance) => !route.exclude.includes(instance.container))
        .map((instance) => ({ name: instance.container, host: instance.host, address: instance.address, port: instance.port })),
    );
  };
}
