import type { DockerEngine } from '../adapters/docker/docker-engine';
import type { ProxyRuntime } from '../adapters/haproxy/proxy-runtime';
import { renderProxyConfig } from '../adapters/haproxy/render-proxy-config';
import type { LockManager } from '../adapters/state/kv-store';
import { buildProxyModel } from '../domain/build-proxy-model';
import type { RouteSpec } from '../domain/plan';
import type { RouteRecord } from '../domain/records';
import { FlowFailedError } from '../errors';
import type { ServiceStore } from '../store/service-store';
import type { Clock } from '../clock';
import type { ProxyGateway } from './proxy-gateway';
import { readRouteServers } from './route-servers';

export interface HaproxyGatewayOptions {
  readonly engines: ReadonlyMap<string, DockerEngine>;
  readonly store: ServiceStore;
  readonly locks: LockManager;
  readonly runtime: ProxyRuntime;
  readonly templatesDir: string;
  readonly drainMs: number;
  readonly clock: Clock;
  readonly who: string;
  /** Custom per-service templates given in this invocation (text), for the service being routed. */
  readonly customTemplates: { readonly frontend?: string; readonly backend?: string };
  /** Where a route's servers come from: the engines (default), or the Consul catalog in watch mode. */
  readonly servers?: ServerSource;
}

export type ServerSource = (route: RouteSpec, signal: AbortSignal) => Promise<RouteRecord['servers']>;

export interface RefreshingProxyGateway extends ProxyGateway {
  /**
   * Re-reads the servers of every stored route and re-renders; reloads only when the
   * configuration changed (a container died or came back outside a deploy). Used by `proxy watch`.
   */
  refresh(signal: AbortSignal): Promise<{ readonly changed: boolean }>;
}

/** The proxy-wide lock: one render+reload at a time, so two services' routes never overwrite each other. */
export const proxyLockName = '_proxy';

/**
 * Routes a service: reads its instances, renders the whole configuration from every stored route
 * (other services keep theirs), has the runtime validate, write and reload it only if it changed,
 * and waits until the proxy serves it; then stores the route (check-and-set).
 */
export function haproxyGateway(o: HaproxyGatewayOptions): RefreshingProxyGateway {
  // A silent host keeps the servers stored for it when the colour is the same (see readRouteServers).
  const knownServers = async (route: RouteSpec, signal: AbortSignal): Promise<RouteRecord['servers']> => {
    const stored = (await o.store.listRoutes(signal)).find((r) => r.route.service === route.service)?.route;
    return stored !== undefined && stored.color === route.color ? stored.servers : [];
  };
  const serversOf: ServerSource = o.servers ?? (async (route, signal) => readRouteServers(o.engines, route, signal, await knownServers(route, signal)));
  const render = (routes: readonly RouteRecord[]): { text: string; version: string } =>
    renderProxyConfig(buildProxyModel(routes, o.runtime.renderTarget), { templatesDir: o.templatesDir, socketPath: o.runtime.renderTarget.socketPath, drainMs: o.drainMs });
  const holder = (operation: string) => ({ who: o.who, pid: process.pid, since: new Date(o.clock.now()).toISOString(), operation });
  return {
    async route(route: RouteSpec, signal: AbortSignal): Promise<void> {
      const servers = await serversOf(route, signal);
      const canary = route.canary === undefined ? undefined : { ...route.canary, servers: await serversOf({ ...route, color: route.canary.color }, signal) };
      if (servers.length === 0 || canary?.servers.length === 0) {
        throw new FlowFailedError(`no running instance of ${route.service}${route.color === undefined ? '' : ` (${route.color})`} publishes port ${route.port}; the proxy was left as it was`, {
          hint: 'run `docker-flow status` to see the instances; deploy or scale first',
        });
      }
      const lock = await o.locks.acquire(proxyLockName, holder(`route ${route.service}`), 60_000, signal);
      try {
        const routes = await o.store.listRoutes(signal);
        const previous = routes.find((r) => r.route.service === route.service);
        const frontend = o.customTemplates.frontend ?? previous?.route.frontendTemplate;
        const backend = o.customTemplates.backend ?? previous?.route.backendTemplate;
        const record: RouteRecord = {
          service: route.service,
          project: route.project,
          target: route.target,
          ...(route.color === undefined ? {} : { color: route.color }),
          paths: route.paths,
          port: route.port,
          servers,
          ...(canary === undefined ? {} : { canary }),
          ...(frontend === undefined ? {} : { frontendTemplate: frontend }),
          ...(backend === undefined ? {} : { backendTemplate: backend }),
          updatedAt: new Date(o.clock.now()).toISOString(),
        };
        const all = [...routes.filter((r) => r.route.service !== route.service).map((r) => r.route), record];
        const { text, version } = render(all);
        await o.runtime.apply(text, version, signal);
        await o.store.writeRoute(route.service, record, previous?.index ?? 0, signal);
      } finally {
        await lock.release();
      }
    },
    async drain(_service: string, timeoutMs: number, signal: AbortSignal): Promise<void> {
      await o.runtime.waitForOldWorkers(timeoutMs, signal);
    },
    async refresh(signal: AbortSignal): Promise<{ readonly changed: boolean }> {
      const lock = await o.locks.acquire(proxyLockName, holder('refresh'), 60_000, signal);
      try {
        const routes = await o.store.listRoutes(signal);
        const fresh = await Promise.all(
          routes.map(async ({ route, index }) => {
            const spec = { service: route.service, project: route.project, target: route.target, color: route.color, paths: route.paths, port: route.port, exclude: [] };
            const servers = await serversOf(spec, signal);
            const canary = route.canary === undefined ? undefined : { ...route.canary, servers: await serversOf({ ...spec, color: route.canary.color }, signal) };
            const same = JSON.stringify(servers) === JSON.stringify(route.servers) && JSON.stringify(canary?.servers) === JSON.stringify(route.canary?.servers);
            const record: RouteRecord = { ...route, servers, ...(canary === undefined ? {} : { canary }), updatedAt: new Date(o.clock.now()).toISOString() };
            return { record: same ? route : record, index, same };
          }),
        );
        const { text, version } = render(fresh.map((f) => f.record));
        const { changed } = await o.runtime.apply(text, version, signal);
        for (const f of fresh) if (!f.same) await o.store.writeRoute(f.record.service, f.record, f.index, signal);
        return { changed };
      } finally {
        await lock.release();
      }
    },
  };
}
