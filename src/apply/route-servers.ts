import type { DockerEngine } from '../adapters/docker/docker-engine';
import { flowLabel } from '../domain/labels';
import type { RouteSpec } from '../domain/plan';
import type { RouteRecord } from '../domain/records';

type Server = RouteRecord['servers'][number];

/**
 * The servers a route sends requests to: running, not unhealthy instances of the routed colour
 * on every host, at the address their port is published on (the host's address when the port is
 * bound to all interfaces). Excluded instances (about to stop) are left out.
 */
export async function readRouteServers(engines: ReadonlyMap<string, DockerEngine>, route: RouteSpec, signal: AbortSignal): Promise<readonly Server[]> {
  const lists = await Promise.all(
    [...engines.values()].map(async (engine) => ({ engine, containers: await engine.listContainers({ [flowLabel.service]: route.service, [flowLabel.role]: 'target' }, signal) })),
  );
  const servers: Server[] = [];
  for (const { engine, containers } of lists) {
    for (const c of containers) {
      if (c.color !== route.color || c.state !== 'running' || c.health === 'unhealthy' || route.exclude.includes(c.name)) continue;
      const published = c.publishedPorts.find((p) => p.containerPort === route.port && p.protocol === 'tcp');
      if (published === undefined) continue;
      const address = published.hostIp === '0.0.0.0' || published.hostIp === '' || published.hostIp === '::' ? engine.host.address : published.hostIp;
      servers.push({ name: c.name, host: engine.host.name, address, port: published.hostPort });
    }
  }
  return servers.sort((a, b) => a.name.localeCompare(b.name));
}
