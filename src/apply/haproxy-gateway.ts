import type { DockerEngine } from '../ports/docker-engine';
import type { ProxyRuntime } from '../ports/proxy-runtime';
import type { LockManager } from '../ports/lock-manager';
import { buildProxyModel } from '../domain/build-proxy-model';
import type { RouteSpec } from '../domain/plan';
import { settledRoute, type RouteRecord } from '../domain/records';
import { FlowFailedError, messageOf, withContext } from '../errors';
import type { ServiceStore } from '../store/service-store';
import type { Clock } from '../clock';
import { silentLogger, type Logger } from '../logger';
import type { ProxyGateway, SettledSwitch } from './proxy-gateway';
import { mergeServers } from './merge-servers';
import { readRouteServers } from './route-servers';
import { serveProxy, serverStatsOf, type ServerStats } from './serve-proxy';
import { waitForDrained } from './wait-drained';

export interface HaproxyGatewayOptions {
  readonly engines: ReadonlyMap<string, DockerEngine>;
  readonly store: ServiceStore;
  readonly locks: LockManager;
  readonly runtime: ProxyRuntime;
  readonly templatesDir: string;
  readonly drainMs: number;
  readonly clock: Clock;
  readonly who: string;
  /** Custom per-service templates given in this invocation (text), for the service being routed; `false` drops the stored one. */
  readonly customTemplates: { readonly frontend?: string | false; readonly backend?: string | false };
  /** Where a route's servers come from: the engines (default), or the Consul catalog in watch mode. */
  readonly servers?: ServerSource;
  /** Says which way each change went: "switched at runtime" or "reloaded: <why>". */
  readonly logger?: Logger;
  /** Servers added to those (--catalog-source=any: registrations of others), one per address and port. */
  readonly extraServers?: ServerSource;
}

export type ServerSource = (route: RouteSpec, signal: AbortSignal) => Promise<RouteRecord['servers']>;

export interface RefreshingProxyGateway extends ProxyGateway {
  /**
   * Re-reads the servers of every stored route and re-renders; reloads only when the
   * configuration changed (a container died or came back outside a deploy). Settles switches a
   * killed docker-flow left half-done. Used by `proxy watch`.
   */
  refresh(signal: AbortSignal): Promise<{ readonly changed: boolean; readonly settled: readonly SettledSwitch[] }>;
  /** HAProxy's counters for every server of the service's backend, with the instance and colour each slot holds (from the stored route). */
  serverStats(service: string, signal: AbortSignal): Promise<readonly ServerStats[]>;
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
  const primary: ServerSource = o.servers ?? (async (route, signal) => readRouteServers(o.engines, route, signal, await knownServers(route, signal)));
  const extra = o.extraServers;
  const serversOf: ServerSource = extra === undefined ? primary : async (route, signal) => mergeServers(await primary(route, signal), await extra(route, signal));
  /** The servers of the routed colour, and of the canary colour during a canary. */
  const routeServers = async (spec: RouteSpec, signal: AbortSignal): Promise<Pick<RouteRecord, 'servers' | 'canary'>> => {
    const servers = await serversOf(spec, signal);
    return spec.canary === undefined ? { servers } : { servers, canary: { ...spec.canary, servers: await serversOf({ ...spec, color: spec.canary.color }, signal) } };
  };
  const logger = o.logger ?? silentLogger;
  /** Brings the proxy to serve exactly `routes`: at runtime when it can, else by reload (see serveProxy). */
  const serveRoutes = (routes: readonly RouteRecord[], signal: AbortSignal, beforeChange?: () => Promise<void>): Promise<{ readonly changed: boolean }> =>
    serveProxy(o.runtime, buildProxyModel(routes, o.runtime.renderTarget), { templatesDir: o.templatesDir, drainMs: o.drainMs, logger, clock: o.clock }, signal, beforeChange);
  const holder = (operation: string) => ({ who: o.who, pid: process.pid, since: new Date(o.clock.now()).toISOString(), operation });
  /**
   * The route as it should be served now, with its servers read again. A half-done switch is
   * finished when the new colour still has servers, else the previous route is served again
   * (or, when there was none, the route is dropped).
   */
  const freshRoute = async (stored: RouteRecord, signal: AbortSignal): Promise<{ readonly record?: RouteRecord; readonly settled?: SettledSwitch }> => {
    const current = await withServers(settledRoute(stored), signal);
    if (stored.switching === undefined) return { record: current };
    const settled = (outcome: SettledSwitch['outcome'], record?: RouteRecord): { record?: RouteRecord; settled: SettledSwitch } => ({
      ...(record === undefined ? {} : { record }),
      settled: { service: stored.service, outcome, to: describeTarget(stored), since: stored.switching?.since ?? '' },
    });
    if (current.servers.length > 0) return settled('finished', current);
    const previous = stored.switching.previous;
    return previous === undefined ? settled('dropped') : settled('reverted', await withServers(settledRoute(previous), signal));
  };
  const withServers = async (route: RouteRecord, signal: AbortSignal): Promise<RouteRecord> => {
    const { servers, canary } = await routeServers({
      service: route.service, project: route.project, target: route.target, color: route.color, paths: route.paths, port: route.port, exclude: [],
      ...(route.canary === undefined ? {} : { canary: { color: route.canary.color, percent: route.canary.percent } }),
    }, signal);
    const same = JSON.stringify(servers) === JSON.stringify(route.servers) && JSON.stringify(canary?.servers) === JSON.stringify(route.canary?.servers);
    return same ? route : { ...route, servers, ...(canary === undefined ? {} : { canary }), updatedAt: new Date(o.clock.now()).toISOString() };
  };
  /** Serves `routes`, then stores each one that changed (or removes it when it is no longer served). */
  const serve = async (stored: readonly StoredRoute[], routes: ReadonlyMap<string, RouteRecord | undefined>, signal: AbortSignal): Promise<{ readonly changed: boolean }> => {
    const served = stored.flatMap(({ route }) => {
      const next = routes.has(route.service) ? routes.get(route.service) : route;
      return next === undefined ? [] : [next];
    });
    const { changed } = await serveRoutes(served, signal);
    for (const { route, index } of stored) {
      if (!routes.has(route.service)) continue;
      const next = routes.get(route.service);
      if (next === undefined) await o.store.deleteRoute(route.service, index, signal);
      else if (next !== route) await o.store.writeRoute(route.service, next, index, signal);
    }
    return { changed };
  };
  return {
    async route(route: RouteSpec, signal: AbortSignal): Promise<void> {
      const { servers, canary } = await routeServers(route, signal);
      if (servers.length === 0 || canary?.servers.length === 0) {
        throw new FlowFailedError(`no running instance of ${route.service}${route.color === undefined ? '' : ` (${route.color})`} publishes port ${route.port}; the proxy was left as it was`, {
          hint: 'run `docker-flow status` to see the instances; deploy or scale first',
        });
      }
      const lock = await o.locks.acquire(proxyLockName, holder(`route ${route.service}`), 60_000, signal);
      try {
        const routes = await o.store.listRoutes(signal);
        const previous = routes.find((r) => r.route.service === route.service);
        const frontend = o.customTemplates.frontend === false ? undefined : o.customTemplates.frontend ?? previous?.route.frontendTemplate;
        const backend = o.customTemplates.backend === false ? undefined : o.customTemplates.backend ?? previous?.route.backendTemplate;
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
        const others = routes.filter((r) => r.route.service !== route.service).map((r) => r.route);
        // The intent is written right before the proxy changes (while `haproxy -c` checks the new file): if this
        // process dies between the proxy change and the last write, the next run sees the switch was under way.
        const before = previous === undefined ? undefined : settledRoute(previous.route);
        const intent: RouteRecord = { ...record, switching: { since: record.updatedAt, ...(before === undefined ? {} : { previous: before }) } };
        let index: number | undefined;
        const writeIntent = async (): Promise<void> => {
          await o.store.writeRoute(route.service, intent, previous?.index ?? 0, signal);
          index = await o.store.routeIndex(route.service, signal);
        };
        try {
          await serveRoutes([...others, record], signal, writeIntent);
        } catch (error) {
          // without the intent the proxy was not touched: nothing to put back
          throw index === undefined ? error : await putBack(route.service, [...others, ...(before === undefined ? [] : [before])], before, index, error);
        }
        await o.store.writeRoute(route.service, record, index ?? previous?.index ?? 0, signal);
      } finally {
        await lock.release();
      }
    },
    async drain(service: string, timeoutMs: number, signal: AbortSignal): Promise<void> {
      await waitForDrained(o.runtime, service, timeoutMs, logger, o.clock, signal);
    },
    async settleSwitch(service: string, signal: AbortSignal): Promise<SettledSwitch | undefined> {
      const lock = await o.locks.acquire(proxyLockName, holder(`settle the switch of ${service}`), 60_000, signal);
      try {
        const stored = await o.store.listRoutes(signal);
        const mine = stored.find((r) => r.route.service === service);
        if (mine?.route.switching === undefined) return undefined;
        const { record, settled } = await freshRoute(mine.route, signal);
        try {
          await serve(stored, new Map([[service, record]]), signal);
          return settled;
        } catch (error) {
          // the new route cannot be served (the proxy refuses it): serve the previous one again, so a bad intent never blocks the service
          const previous = mine.route.switching.previous;
          if (settled?.outcome !== 'finished' || previous === undefined) throw error;
          await serve(stored, new Map([[service, await withServers(settledRoute(previous), signal)]]), signal);
          return { ...settled, outcome: 'reverted' };
        }
      } finally {
        await lock.release();
      }
    },
    async unroute(service: string, signal: AbortSignal): Promise<void> {
      const lock = await o.locks.acquire(proxyLockName, holder(`remove the route of ${service}`), 60_000, signal);
      try {
        const stored = await o.store.listRoutes(signal);
        if (stored.some((r) => r.route.service === service)) await serve(stored, new Map([[service, undefined]]), signal);
      } finally {
        await lock.release();
      }
    },
    async refresh(signal: AbortSignal): Promise<{ readonly changed: boolean; readonly settled: readonly SettledSwitch[] }> {
      const lock = await o.locks.acquire(proxyLockName, holder('refresh'), 60_000, signal);
      try {
        const stored = await o.store.listRoutes(signal);
        const fresh = await Promise.all(stored.map(async ({ route }) => ({ service: route.service, ...(await freshRoute(route, signal)) })));
        const { changed } = await serve(stored, new Map(fresh.map((f) => [f.service, f.record])), signal);
        return { changed, settled: fresh.flatMap((f) => (f.settled === undefined ? [] : [f.settled])) };
      } finally {
        await lock.release();
      }
    },
    async serverStats(service: string, signal: AbortSignal): Promise<readonly ServerStats[]> {
      const route = (await o.store.listRoutes(signal)).find((r) => r.route.service === service)?.route;
      return serverStatsOf(await o.runtime.serverStats(service, signal), route);
    },
  };

  /**
   * After a failed change: serve the routes as they were and restore the service's record, so the
   * old release keeps serving and the state says so. Bounded by its own timeout (the command's
   * signal may be the Ctrl-C that caused the failure). When even that fails, the record keeps its
   * switch marker and the next run settles it; the error to throw (returned) says so.
   */
  async function putBack(service: string, routes: readonly RouteRecord[], before: RouteRecord | undefined, index: number, error: unknown): Promise<unknown> {
    const undo = AbortSignal.timeout(putBackTimeoutMs);
    try {
      await serveRoutes(routes, undo);
      if (before === undefined) await o.store.deleteRoute(service, index, undo);
      else await o.store.writeRoute(service, before, index, undo);
      return error;
    } catch (putBackError) {
      return withContext(error, { after: `; putting the previous configuration back failed too (${messageOf(putBackError)}): the next docker-flow run for ${service}, or proxy watch, settles the proxy` });
    }
  }
}

type StoredRoute = { readonly route: RouteRecord; readonly index: number };

const putBackTimeoutMs = 30_000;

const describeTarget = (route: RouteRecord): string => `${route.color ?? route.target}, ${route.paths.join(' ')}`;
