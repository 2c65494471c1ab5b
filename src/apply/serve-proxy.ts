import { planProxyChange } from '../adapters/haproxy/plan-proxy-change';
import type { RenderProxyOptions } from '../adapters/haproxy/render-proxy-config';
import type { ProxyRuntime, RunningProxy, SlotStats } from '../ports/proxy-runtime';
import type { Clock } from '../clock';
import type { Color } from '../domain/color';
import type { ProxyModel } from '../domain/proxy-model';
import type { RouteRecord } from '../domain/records';
import type { Logger } from '../logger';

export interface ServeProxyOptions {
  readonly templatesDir: string;
  readonly drainMs: number;
  readonly logger: Logger;
  readonly clock: Clock;
  /** The proxy's name in a tier of several, added to the log lines (`... on h1`). */
  readonly proxyName?: string;
}

/**
 * Brings the proxy to serve `model`: reads what runs, plans the change (planProxyChange) and applies
 * it at runtime when only server slots change, else by reload. Logs which way it went, once:
 * "proxy switched at runtime ..." or "proxy reloaded: <why>". `changed` is false when the proxy
 * already served exactly this. `beforeChange` runs right before the proxy is changed (not when nothing
 * changes): the gateway writes its switch intent there. `known` is what `runtime.inspect` just read
 * (the tier reads every proxy first), so it is not read twice.
 */
export async function serveProxy(
  runtime: ProxyRuntime,
  model: ProxyModel,
  o: ServeProxyOptions,
  signal: AbortSignal,
  beforeChange?: () => Promise<void>,
  known?: { readonly running: RunningProxy | undefined },
): Promise<{ readonly changed: boolean }> {
  const started = o.clock.now();
  const change = planProxyChange(model, known === undefined ? await runtime.inspect(signal) : known.running, renderOptionsOf(runtime, o));
  switch (change.kind) {
    case 'none':
      o.logger.debug('proxy unchanged', { version: change.version });
      return { changed: false };
    case 'runtime': {
      const { confirmedMs } = await runtime.applyRuntime(change, signal, beforeChange);
      const totalMs = o.clock.now() - started;
      const what = change.commands.length === 0 ? 'its file and version rewritten to what runs' : `${change.commands.length} command${change.commands.length === 1 ? '' : 's'} confirmed in ${Math.round(confirmedMs)} ms`;
      o.logger.info(`proxy switched at runtime: ${what} (${totalMs} ms with the checked file)${onProxy(o)}`, { path: 'runtime', commands: change.commands.length, confirmedMs, totalMs, version: change.version });
      return { changed: true };
    }
    case 'reload': {
      await beforeChange?.();
      const { changed } = await runtime.apply(change.text, change.version, signal);
      o.logger.info(`proxy reloaded: ${change.why}${onProxy(o)}`, { path: 'reload', why: change.why, totalMs: o.clock.now() - started, version: change.version });
      return { changed };
    }
  }
}

/** Plans (and so renders) `model` for `runtime` and throws the result away: the first-time work of a fresh process, done before a switch needs it (see ProxyGateway.prepare). */
export function warmProxyPlanning(runtime: ProxyRuntime, model: ProxyModel, o: Pick<ServeProxyOptions, 'templatesDir' | 'drainMs'>): void {
  planProxyChange(model, undefined, renderOptionsOf(runtime, o));
}

const onProxy = (o: ServeProxyOptions): string => (o.proxyName === undefined ? '' : ` on ${o.proxyName}`);

/** How `runtime`'s configuration is rendered (its paths inside the proxy, the drain time). */
export function renderOptionsOf(runtime: ProxyRuntime, o: Pick<ServeProxyOptions, 'templatesDir' | 'drainMs'>): Omit<RenderProxyOptions, 'slots'> {
  const target = runtime.renderTarget;
  return { templatesDir: o.templatesDir, socketPath: target.socketPath, versionMap: target.versionMap, drainMs: o.drainMs, ...(target.adminBind === undefined ? {} : { adminBind: target.adminBind }) };
}

/** One server slot's counters with the instance it holds and that instance's colour (none for a free slot). */
export interface ServerStats extends SlotStats {
  readonly server?: string;
  readonly color?: Color;
  /** The proxy of the tier it was read from (`local`, or the proxy's host name). */
  readonly proxy?: string;
}

/** Maps the slots that hold a server back to the route's instances by address and port. */
export function serverStatsOf(stats: readonly SlotStats[], route: RouteRecord | undefined): readonly ServerStats[] {
  const owners = new Map<string, { readonly server: string; readonly color?: Color }>();
  const add = (servers: RouteRecord['servers'], color: Color | undefined): void => {
    for (const s of servers) owners.set(`${s.address}:${s.port}`, { server: s.name, ...(color === undefined ? {} : { color }) });
  };
  if (route !== undefined) {
    add(route.servers, route.color);
    if (route.canary !== undefined) add(route.canary.servers, route.canary.color);
  }
  return stats.map((slot) => {
    const owner = slot.status.startsWith('MAINT') ? undefined : owners.get(slot.address);
    return owner === undefined ? slot : { ...slot, ...owner };
  });
}
