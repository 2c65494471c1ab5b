import type { ServiceCatalog } from '../ports/service-catalog';
import { durationAccepts, parseOptionDurationMs } from '../config/parse-option-duration';
import { ConfigError } from '../errors';
import type { FlowContext } from '../flows/flow-context';
import { catalogServerSource } from '../watch/catalog-servers';
import { checkCronExpression, nodeCronScheduler } from '../watch/cron-task';
import { watchProxy, type ProxyWatchSource } from '../watch/proxy-watch';
import { runRegistrator } from '../watch/registrator';
import { watchBackoff } from '../watch/retry-backoff';
import { systemTimers } from '../watch/watch-timers';
import { createProxyGateway } from './create-proxy';
import { returnAbandonedCanaries } from '../watch/return-abandoned-canaries';

/** Options of `docker-flow registrator`, as commander parsed them. */
export interface RegistratorFlags {
  readonly resyncCron: string;
}

/** Options of `docker-flow proxy watch`, as commander parsed them. */
export interface ProxyWatchFlags {
  readonly refreshCron: string;
  readonly debounce: string;
  readonly maxDelay: string;
}

export const watchDefaults = { cron: '* * * * *', debounce: '50ms', maxDelay: '2s' } as const;

/** How long one blocking query on the catalog waits for a change (Consul's default and maximum is 5 min / 10 min). */
const catalogWaitMs = 5 * 60_000;

/** `docker-flow registrator`: runs until SIGTERM / Ctrl-C. */
export async function registratorCommand(ctx: FlowContext, flags: RegistratorFlags): Promise<void> {
  const catalog = requireCatalog(ctx, 'registrator');
  await runRegistrator({
    engines: ctx.engines,
    catalog,
    resyncCron: checkCronExpression('--resync-cron', flags.resyncCron),
    cron: nodeCronScheduler,
    backoff: watchBackoff,
    timers: systemTimers,
    logger: ctx.logger,
    signal: ctx.signal,
  });
}

/** `docker-flow proxy watch`: with Consul follows the catalog, else the Docker events; runs until SIGTERM / Ctrl-C. */
export async function proxyWatchCommand(ctx: FlowContext, flags: ProxyWatchFlags): Promise<void> {
  const quietMs = durationFlag('--debounce', flags.debounce);
  const maxDelayMs = durationFlag('--max-delay', flags.maxDelay);
  if (maxDelayMs < quietMs) {
    throw new ConfigError('--max-delay', `${flags.maxDelay} is shorter than --debounce ${flags.debounce}`, { hint: 'give a --max-delay at least as long as --debounce, e.g. --debounce 50ms --max-delay 2s' });
  }
  const refreshCron = checkCronExpression('--refresh-cron', flags.refreshCron);
  const catalog = ctx.catalog;
  const gateway = await createProxyGateway({
    options: ctx.options,
    engines: ctx.engines,
    store: ctx.store,
    locks: ctx.locks,
    logger: ctx.logger,
    who: ctx.who,
    ...(catalog === undefined ? {} : { servers: catalogServerSource(catalog) }),
  });
  const source: ProxyWatchSource = catalog === undefined ? { kind: 'events', engines: ctx.engines } : { kind: 'catalog', catalog, waitMs: catalogWaitMs };
  await watchProxy({
    refresh: async (signal) => {
      await returnAbandonedCanaries({ store: ctx.store, locks: ctx.locks, proxy: gateway, clock: ctx.clock, who: ctx.who, logger: ctx.logger }, signal);
      return gateway.refresh(signal);
    },
    source,
    quietMs,
    maxDelayMs,
    refreshCron,
    cron: nodeCronScheduler,
    backoff: watchBackoff,
    timers: systemTimers,
    logger: ctx.logger,
    signal: ctx.signal,
  });
}

function requireCatalog(ctx: FlowContext, command: string): ServiceCatalog {
  if (ctx.catalog === undefined) {
    throw new ConfigError('--consul-address', `${command} needs --consul-address: without Consul there is no catalog to keep`, {
      hint: 'give --consul-address http://<agent>:8500 (or set CONSUL_HTTP_ADDR); without Consul, `docker-flow proxy watch` follows the Docker events by itself',
    });
  }
  return ctx.catalog;
}

function durationFlag(key: string, text: string): number {
  const ms = parseOptionDurationMs(text);
  if (ms === undefined) throw new ConfigError(key, `"${text}" is not a duration`, { hint: `give ${durationAccepts}` });
  return ms;
}
