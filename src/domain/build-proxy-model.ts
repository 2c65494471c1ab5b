import { catalogName } from './names';
import type { ProxyHttps, ProxyModel, ProxyService } from './proxy-model';
import type { RouteRecord } from './records';

export interface ProxyEndpoint {
  readonly httpPort: number;
  readonly statusPort: number;
  readonly statusBind: string;
  readonly https?: ProxyHttps;
}

/** The proxy model from every stored route: sorted, so the same routes render the same bytes. */
function proxyServers(servers: RouteRecord['servers']): ProxyService['groups'][number]['servers'] {
  return [...servers].sort((a, b) => a.name.localeCompare(b.name)).map((s) => ({ name: s.name, address: s.address, port: s.port, node: s.host }));
}

export function buildProxyModel(routes: readonly RouteRecord[], endpoint: ProxyEndpoint): ProxyModel {
  const { httpPort, statusPort, statusBind, https } = endpoint;
  const services = routes
    .filter((r) => r.servers.length > 0)
    .map(
      (r): ProxyService => ({
        serviceName: r.service,
        coloredName: catalogName(r.project, r.target, r.color),
        paths: [...r.paths].sort(),
        groups: [
          { color: r.color, percent: 100 - (r.canary?.percent ?? 0), servers: proxyServers(r.servers) },
          ...(r.canary === undefined ? [] : [{ color: r.canary.color, percent: r.canary.percent, servers: proxyServers(r.canary.servers) }]),
        ],
        ...(r.frontendTemplate === undefined ? {} : { frontendTemplate: r.frontendTemplate }),
        ...(r.backendTemplate === undefined ? {} : { backendTemplate: r.backendTemplate }),
        ...(r.serverMaxconn === undefined ? {} : { serverMaxconn: r.serverMaxconn }),
      }),
    )
    .sort((a, b) => a.serviceName.localeCompare(b.serviceName));
  return { httpPort, statusPort, statusBind, ...(https === undefined ? {} : { https }), services };
}
