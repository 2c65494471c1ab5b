import type { DockerEngine } from '../ports/docker-engine';
import type { LockManager } from '../ports/lock-manager';
import type { RouteSpec } from '../domain/plan';
import { settledRoute, type RouteRecord } from '../domain/records';
import { FlowFailedError, InterruptedError, messageOf, ProxyError, withContext } from '../errors';
import type { ServiceStore } from '../store/service-store';
import type { Clock } from '../clock';
import { silentLogger, type Logger } from '../logger';
import type { ProxyGateway, ProxyResponseSample, SettledSwitch } from './proxy-gateway';
import { mergeServers } from './merge-servers';
import { readRouteServers } from './route-servers';
import { readTierStanding, type ProxyStanding } from './proxy-standing';
import { catchUpTier, serveTier, tierConcurrency, type ProxyMember, type TierChange, type TierResult } from './proxy-tier';
import { serverStatsOf, warmProxyPlanning, type ServerStats } from './serve-proxy';
import { buildProxyModel } from '../domain/build-proxy-model';
import { settleBounded } from '../settle-bounded';
import { waitForDrained } from './wait-drained';
import { stepTimeline } from '../step-timeline';

export interface HaproxyGatewayOptions {
  readonly engines: ReadonlyMap<string, DockerEngine>;
  readonly store: ServiceStore;
  readonly locks: LockManager;
  /** The proxy tier: every route change goes to each of them, all or nothing (see serveTier). */
  readonly proxies: readonly ProxyMember[];
  /** How many proxies may not answer while a route change still proceeds (--proxy-tolerate-down); default 0. */
  readonly tolerateDown?: number;
  readonly templatesDir: string;
  readonly drainMs: number;
  readonly clock: Clock;
  readonly who: string;
  /** --proxy-server-maxconn given in this invocation, for the service being routed (0: no limit); absent: the stored route's value stays. */
  readonly serverMaxconn?: number;
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
    const stored = await o.store.readRoute(route.service, signal);
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
  const tier = { templatesDir: o.templatesDir, drainMs: o.drainMs, logger, clock: o.clock, tolerateDown: o.tolerateDown ?? 0 };
  /** Brings every proxy to serve exactly `routes` (at runtime when it can, else by reload), all or nothing (see serveTier). */
  const serveRoutes = (change: TierChange, signal: AbortSignal, beforeChange?: () => Promise<void>): Promise<TierResult> => serveTier(o.proxies, change, tier, signal, beforeChange);
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
    const result = await serveRoutes({ routes: served, stored: stored.map(({ route }) => settledRoute(route)) }, signal);
    if (!result.ok) throw result.error;
    const { changed } = result;
    for (const { route, index } of stored) {
      if (!routes.has(route.service)) continue;
      const next = routes.get(route.service);
      if (next === undefined) await o.store.deleteRoute(route.service, index, signal);
      else if (next !== route) await o.store.writeRoute(route.service, next, index, signal);
    }
    return { changed };
  };
  return {
    async prepare(signal: AbortSignal): Promise<void> {
      const [first] = o.proxies;
      if (first === undefined) return;
      const routes = (await o.store.listRoutes(signal)).map(({ route }) => settledRoute(route));
      warmProxyPlanning(first.runtime, buildProxyModel(routes, first.runtime.renderTarget), tier);
    },
    async route(route: RouteSpec, signal: AbortSignal): Promise<void> {
      const timeline = stepTimeline(o.clock);
      // the instances are read from the engines while the proxy lock is taken (they do not depend on it)
      const [read, locked] = await Promise.allSettled([
        timeline.after('instances', routeServers(route, signal)),
        timeline.after('lock', o.locks.acquire(proxyLockName, holder(`route ${route.service}`), 60_000, signal)),
      ]);
      if (read.status === 'rejected' || locked.status === 'rejected') {
        if (locked.status === 'fulfilled') await locked.value.release();
        throw read.status === 'rejected' ? read.reason : locked.status === 'rejected' ? locked.reason : undefined;
      }
      const { servers, canary } = read.value;
      const lock = locked.value;
      try {
        if (servers.length === 0 || canary?.servers.length === 0) {
          throw new FlowFailedError(`no running instance of ${route.service}${route.color === undefined ? '' : ` (${route.color})`} publishes port ${route.port}; the proxy was left as it was`, {
            hint: 'run `docker-flow status` to see the instances; deploy or scale first',
          });
        }
        const routes = await timeline.after('routes', o.store.listRoutes(signal));
        const previous = routes.find((r) => r.route.service === route.service);
        const frontend = o.customTemplates.frontend === false ? undefined : o.customTemplates.frontend ?? previous?.route.frontendTemplate;
        const backend = o.customTemplates.backend === false ? undefined : o.customTemplates.backend ?? previous?.route.backendTemplate;
        const maxconn = o.serverMaxconn ?? previous?.route.serverMaxconn;
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
          ...(maxconn === undefined || maxconn === 0 ? {} : { serverMaxconn: maxconn }),
          updatedAt: new Date(o.clock.now()).toISOString(),
        };
        const others = routes.filter((r) => r.route.service !== route.service).map((r) => r.route);
        // The intent is written while the proxies are read and the new configuration is rendered and checked,
        // and every proxy waits for it to be stored before it changes: if this process dies between the proxy
        // change and the last write, the next run sees the switch was under way.
        const before = previous === undefined ? undefined : settledRoute(previous.route);
        const intent: RouteRecord = { ...record, switching: { since: record.updatedAt, ...(before === undefined ? {} : { previous: before }) } };
        const intentWritten = timeline.after('intent', writeIntent(route.service, intent, previous?.index ?? 0, signal)).then((index) => ({ index }), (error: unknown) => ({ error }));
        let changing = false;
        const result = await serveRoutes({ routes: [...others, record], stored: [...others, ...(before === undefined ? [] : [before])] }, signal, async () => {
          changing = true;
          const stored = await intentWritten;
          if ('error' in stored) throw stored.error;
        }).catch((error: unknown): TierResult => ({ ok: false, error, putBack: false }));
        timeline.mark('proxies');
        const written = await intentWritten;
        // no proxy changes before the intent is stored: without it, the stored route is as it was
        if ('error' in written) throw result.ok ? written.error : result.error;
        if (!result.ok) {
          // the tier put every proxy back to the stored routes; when none had begun to change, the record as it was goes back exactly
          throw changing ? await restoreRecord(route.service, before, written.index, result) : await restoreRecord(route.service, previous?.route, written.index, { ...result, putBack: true });
        }
        await timeline.after('record', o.store.writeRoute(route.service, record, written.index, signal));
        logger.debug(`route ${route.service}: ${timeline.text()} (when each part finished, from the start of the step)`, { service: route.service, timeline: timeline.marks() });
      } finally {
        await lock.release();
      }
    },
    async drain(service: string, timeoutMs: number, signal: AbortSignal): Promise<void> {
      // a proxy that missed changes may still route to the instances about to stop: bring it up to date first
      const lock = await o.locks.acquire(proxyLockName, holder(`bring the proxies up to date before ${service} drains`), 60_000, signal);
      try {
        const caught = await catchUpTier(o.proxies, (await o.store.listRoutes(signal)).map(({ route }) => settledRoute(route)), tier, signal);
        if (!caught.ok) throw caught.error;
        for (const d of caught.down) logger.warn(`proxy ${d.name} does not answer (${d.why}): it is brought up to the stored routes when docker-flow or proxy watch reaches it again`, { proxy: d.name });
      } finally {
        await lock.release();
      }
      // every proxy at once; one that does not answer has nothing to drain that docker-flow could wait for (it was left behind, or the switch failed)
      const drained = await Promise.allSettled(o.proxies.map(async (p) => waitForDrained(p.runtime, service, timeoutMs, logger.child({ proxy: p.name }), o.clock, signal)));
      drained.forEach((d, i) => {
        if (d.status === 'rejected' && d.reason instanceof InterruptedError) throw d.reason;
        if (d.status === 'rejected') logger.warn(`could not wait for requests in flight on proxy ${o.proxies[i]?.name ?? '?'} (${messageOf(d.reason)}); continuing`, { proxy: o.proxies[i]?.name });
      });
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
    async standing(signal: AbortSignal): Promise<readonly ProxyStanding[]> {
      const routes = (await o.store.listRoutes(signal)).map(({ route }) => settledRoute(route));
      return readTierStanding(o.proxies, routes, { templatesDir: o.templatesDir, drainMs: o.drainMs, concurrency: tierConcurrency }, signal);
    },
    async serverStats(service: string, signal: AbortSignal): Promise<readonly ServerStats[]> {
      const route = (await o.store.listRoutes(signal)).find((r) => r.route.service === service)?.route;
      const read = await settleBounded(o.proxies, tierConcurrency, async (p) => serverStatsOf(await p.runtime.serverStats(service, signal), route).map((s) => ({ ...s, proxy: p.name })));
      const silent = read.flatMap((r, i) => (r.status === 'rejected' ? [`${o.proxies[i]?.name ?? '?'}: ${messageOf(r.reason)}`] : []));
      if (silent.length > (o.tolerateDown ?? 0) || silent.length === o.proxies.length) {
        throw new ProxyError(`could not read the counters of ${service} from ${silent.join('; ')}`, { hint: 'see docker-flow proxy status; bring the proxy back, or allow it to be down with --proxy-tolerate-down' });
      }
      return read.flatMap((r) => (r.status === 'fulfilled' ? r.value : []));
    },
    async responseSamples(service: string, signal: AbortSignal): Promise<readonly ProxyResponseSample[]> {
      // a proxy that does not answer gives no samples: the counters (serverStats) decide whether that may be
      const read = await settleBounded(o.proxies, tierConcurrency, async (p) => (await p.runtime.responseSamples(service, signal)).map((s) => ({ ...s, proxy: p.name })));
      return read.flatMap((r) => (r.status === 'fulfilled' ? r.value : []));
    },
  };

  /** Stores the switch intent (check-and-set on `index`) and returns the route's new index. */
  async function writeIntent(service: string, intent: RouteRecord, index: number, signal: AbortSignal): Promise<number> {
    await o.store.writeRoute(service, intent, index, signal);
    return o.store.routeIndex(service, signal);
  }

  /**
   * After a failed change (the tier already put every proxy that answers back to the stored routes):
   * restore the service's record, so the state says the old release serves, and return the error to
   * throw. Bounded by its own timeout (the command's signal may be the Ctrl-C that caused the
   * failure). When a proxy could not be put back, the record keeps its switch marker and the next run
   * settles it (the error says so).
   */
  async function restoreRecord(service: string, before: RouteRecord | undefined, index: number, result: Extract<TierResult, { ok: false }>): Promise<unknown> {
    if (!result.putBack) return result.error;
    const undo = AbortSignal.timeout(putBackTimeoutMs);
    try {
      if (before === undefined) await o.store.deleteRoute(service, index, undo);
      else await o.store.writeRoute(service, before, index, undo);
      return result.error;
    } catch (putBackError) {
      return withContext(result.error, { after: `; restoring the stored route failed too (${messageOf(putBackError)}): the next docker-flow run for ${service}, or proxy watch, settles the proxy` });
    }
  }
}

type StoredRoute = { readonly route: RouteRecord; readonly index: number };

const putBackTimeoutMs = 30_000;

const describeTarget = (route: RouteRecord): string => `${route.color ?? route.target}, ${route.paths.join(' ')}`;
