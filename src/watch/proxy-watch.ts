import type { DockerEngine } from '../ports/docker-engine';
import type { ServiceCatalog } from '../ports/service-catalog';
import { flowLabel } from '../domain/labels';
import type { Logger } from '../logger';
import { startCronJob, type CronScheduler } from './cron-task';
import { followCatalog } from './follow-catalog';
import { followEngineEvents } from './follow-engine-events';
import { RefreshLoop, type RefreshLoopOptions } from './refresh-loop';
import type { RetryDelay } from './retry-backoff';
import type { WatchTimers } from './watch-timers';
import { messageOf } from '../errors';

/** What the proxy follows: the Consul catalog (blocking queries), or the Docker events of every host. */
export type ProxyWatchSource =
  | { readonly kind: 'catalog'; readonly catalog: Pick<ServiceCatalog, 'waitForChange' | 'description'>; readonly waitMs: number }
  | { readonly kind: 'events'; readonly engines: ReadonlyMap<string, DockerEngine> };

export interface ProxyWatchOptions {
  /** RefreshingProxyGateway.refresh: re-reads every route's servers, reloads only on a change. */
  readonly refresh: RefreshLoopOptions['refresh'];
  readonly source: ProxyWatchSource;
  /** Debounce: refresh once changes were quiet this long... */
  readonly quietMs: number;
  /** ...or at the latest this long after the first change of a burst. */
  readonly maxDelayMs: number;
  /** The safety net: a full refresh on this node-cron schedule whatever was seen. */
  readonly refreshCron: string;
  readonly cron: CronScheduler;
  readonly backoff: RetryDelay;
  readonly timers: WatchTimers;
  readonly logger: Logger;
  readonly signal: AbortSignal;
  readonly onRefreshed?: (outcome: { readonly changed: boolean; readonly reasons: readonly string[] }) => void;
}

/**
 * `docker-flow proxy watch`: keeps the proxy in step with the instances until `signal` aborts.
 * Refreshes at start, after each (debounced) change of the source, and on the cron schedule.
 * When the source or a refresh fails it retries with backoff; the proxy keeps its last good
 * configuration meanwhile.
 */
export async function watchProxy(o: ProxyWatchOptions): Promise<void> {
  const logger = o.logger.child({ component: 'proxy-watch' });
  const loop = new RefreshLoop({
    refresh: o.refresh,
    quietMs: o.quietMs,
    maxDelayMs: o.maxDelayMs,
    backoff: o.backoff,
    timers: o.timers,
    logger,
    signal: o.signal,
    ...(o.onRefreshed === undefined ? {} : { onRefreshed: o.onRefreshed }),
  });
  const stopCron = startCronJob(o.cron, o.refreshCron, 'proxy watch: scheduled refresh', () => {
    loop.requestNow('schedule');
    return Promise.resolve();
  }, logger);
  logger.info(`proxy watch: following ${describeSource(o.source)}; debounce ${o.quietMs} ms (at most ${o.maxDelayMs} ms); full refresh on "${o.refreshCron}"`);
  loop.requestNow('start');
  try {
    await follow(o, loop, logger);
  } finally {
    stopCron();
    await loop.stop();
    logger.info('proxy watch: stopped; the proxy keeps serving its current configuration');
  }
}

function follow(o: ProxyWatchOptions, loop: RefreshLoop, logger: Logger): Promise<void> {
  if (o.source.kind === 'catalog') {
    return followCatalog({
      catalog: o.source.catalog,
      waitMs: o.source.waitMs,
      backoff: o.backoff,
      timers: o.timers,
      onChange: (index) => loop.request(`catalog index ${index}`),
      onError: (error, attempt, delayMs) =>
        logger.warn(`proxy watch: cannot follow the catalog (attempt ${attempt}); the proxy keeps its last good configuration; retrying in ${delayMs} ms`, { error: messageOf(error) }),
      signal: o.signal,
    });
  }
  return followEngineEvents({
    engines: o.source.engines,
    labels: { [flowLabel.role]: 'target' },
    backoff: o.backoff,
    timers: o.timers,
    onEvent: (event) => loop.request(`${event.action} ${event.containerName} on ${event.host}`),
    onReconnect: (host) => loop.request(`events of ${host} are back`),
    onError: (host, error, attempt, delayMs) =>
      logger.warn(`proxy watch: lost the Docker events of ${host} (attempt ${attempt}); watching again in ${delayMs} ms`, { error: messageOf(error) }),
    signal: o.signal,
  });
}

function describeSource(source: ProxyWatchSource): string {
  return source.kind === 'catalog' ? `the catalog of ${source.catalog.description}` : `the Docker events of ${[...source.engines.keys()].join(', ')}`;
}
