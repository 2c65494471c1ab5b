import type { DockerEngine } from '../ports/docker-engine';
import { flowLabel } from '../domain/labels';
import type { RouteSpec } from '../domain/plan';
import type { RouteRecord } from '../domain/records';
import { DockerFlowError, messageOf, UnreachableError } from '../errors';

type Server = RouteRecord['servers'][number];

/**
 * The servers a route sends requests to: running, not unhealthy instances of the routed colour
 * on every host, at the address their port is published on (the host's address when the port is
 * bound to all interfaces). Excluded instances (about to stop) are left out.
 *
 * A host whose engine does not answer keeps the servers `known` for it (the route's stored servers
 * of the same colour): its instances may well still serve, and HAProxy's health checks decide.
 * Only when no engine answers at all is that an error.
 */
export async function readRouteServers(
  engines: ReadonlyMap<string, DockerEngine>,
  route: RouteSpec,
  signal: AbortSignal,
  known: readonly Server[] = [],
): Promise<readonly Server[]> {
  const list = [...engines.values()];
  const results = await Promise.allSettled(list.map(async (engine) => engine.listContainers({ [flowLabel.service]: route.service, [flowLabel.role]: 'target' }, signal)));
  const servers: Server[] = [];
  const silent: { host: string; error: unknown }[] = [];
  results.forEach((result, i) => {
    const engine = list[i];
    if (engine === undefined) return;
    if (result.status === 'rejected') {
      if (signal.aborted) throw result.reason;
      silent.push({ host: engine.host.name, error: result.reason });
      servers.push(...known.filter((s) => s.host === engine.host.name && !route.exclude.includes(s.name)));
      return;
    }
    for (const c of result.value) {
      if (c.color !== route.color || c.state !== 'running' || c.health === 'unhealthy' || route.exclude.includes(c.name)) continue;
      const published = c.publishedPorts.find((p) => p.containerPort === route.port && p.protocol === 'tcp');
      if (published === undefined) continue;
      const address = published.hostIp === '0.0.0.0' || published.hostIp === '' || published.hostIp === '::' ? engine.host.address : published.hostIp;
      servers.push({ name: c.name, host: engine.host.name, address, port: published.hostPort });
    }
  });
  if (silent.length === list.length && list.length > 0) throw noEngineAnswered(route, silent);
  return servers.sort((a, b) => a.name.localeCompare(b.name));
}

function noEngineAnswered(route: RouteSpec, silent: readonly { host: string; error: unknown }[]): DockerFlowError {
  const [only] = silent;
  if (silent.length === 1 && only?.error instanceof DockerFlowError) return only.error;
  const reasons = silent.map((s) => `${s.host}: ${messageOf(s.error)}`).join('; ');
  return new UnreachableError(`no Docker host answered while reading the instances of ${route.service} to route: ${reasons}; the proxy was left as it was`, {
    hint: 'check that dockerd runs on each host, then run --flow=proxy again',
  });
}
