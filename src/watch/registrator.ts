import type { DockerEngine } from '../ports/docker-engine';
import type { ServiceCatalog } from '../ports/service-catalog';
import { flowLabel } from '../domain/labels';
import type { Logger } from '../logger';
import { CatalogSyncer, endedActions } from '../apply/catalog-syncer';
import { startCronJob, type CronScheduler } from './cron-task';
import { followEngineEvents } from './follow-engine-events';
import type { RetryDelay } from './retry-backoff';
import { SerialQueue } from './serial-queue';
import type { WatchTimers } from './watch-timers';
import { messageOf } from '../errors';

export interface RegistratorOptions {
  readonly engines: ReadonlyMap<string, DockerEngine>;
  readonly catalog: ServiceCatalog;
  /** When the full resync runs besides the one at start (node-cron expression). */
  readonly resyncCron: string;
  readonly cron: CronScheduler;
  readonly backoff: RetryDelay;
  readonly timers: WatchTimers;
  readonly logger: Logger;
  /** Aborting it (SIGTERM, Ctrl-C) stops the registrator; the catalog keeps its entries. */
  readonly signal: AbortSignal;
}

/**
 * `docker-flow registrator`: keeps the catalog equal to the serving docker-flow target containers
 * of every host until `signal` aborts. A full resync at start, on the cron schedule and after an
 * engine's event stream comes back; in between, each container event (start, die, stop, destroy,
 * health_status...) updates that container's entry. One catalog operation at a time; a failed one
 * schedules a full resync with backoff.
 */
export async function runRegistrator(o: RegistratorOptions): Promise<void> {
  const logger = o.logger.child({ component: 'registrator' });
  const syncer = new CatalogSyncer(o.engines, o.catalog, logger);
  const allHosts = [...o.engines.keys()];
  const queue = new SerialQueue();
  let failures = 0;
  let cancelRetry: (() => void) | undefined;
  const waiting = new Set<string>();

  /** Runs a catalog operation; a failure schedules a full resync with backoff. */
  const guard = async (what: string, job: () => Promise<unknown>): Promise<void> => {
    if (o.signal.aborted) return;
    try {
      await job();
      failures = 0;
    } catch (error) {
      if (o.signal.aborted) return;
      const delayMs = o.backoff(failures);
      failures += 1;
      logger.warn(`registrator: ${what} failed; full resync in ${delayMs} ms`, { error: messageOf(error) });
      cancelRetry?.();
      cancelRetry = o.timers.after(delayMs, () => void resync(allHosts, 'retry'));
    }
  };
  /** One at a time, in order: resyncs and registrations. */
  const run = (what: string, job: () => Promise<unknown>): Promise<void> => queue.push(() => guard(what, job));
  const resync = (hosts: readonly string[], reason: string): Promise<void> => run(`resync (${reason})`, () => syncer.resync(hosts, reason, o.signal));

  const stopCron = startCronJob(o.cron, o.resyncCron, 'registrator: scheduled resync', () => resync(allHosts, 'schedule'), logger);
  const following = followEngineEvents({
    engines: o.engines,
    labels: { [flowLabel.role]: 'target' },
    backoff: o.backoff,
    timers: o.timers,
    onEvent: (event) => {
      const what = `update of ${event.containerName} on ${event.host} after "${event.action}"`;
      if (endedActions.has(event.action)) {
        // Out of the catalog at once, even while a resync runs: this is what stops traffic to it.
        // Not awaited (the event handler returns at once); guard() logs a failure itself.
        void guard(what, () => syncer.containerEnded(event, o.signal));
        return;
      }
      // A container already waiting in the queue is inspected afresh when its turn comes.
      const key = `${event.host}/${event.containerId}`;
      if (waiting.has(key)) return;
      waiting.add(key);
      // Not awaited: the event handler returns at once; the queue runs the update in turn and guard() logs a failure.
      void run(what, () => {
        waiting.delete(key);
        return syncer.syncContainer(event, o.signal);
      });
    },
    onReconnect: (host) => void resync([host], `events of ${host} are back`),
    onError: (host, error, attempt, delayMs) =>
      logger.warn(`registrator: lost the Docker events of ${host} (attempt ${attempt}); watching again in ${delayMs} ms`, { error: messageOf(error) }),
    signal: o.signal,
  });
  logger.info(`registrator: watching ${allHosts.join(', ')}; full resync at start and on "${o.resyncCron}"`, { catalog: o.catalog.description });
  // Not awaited: following the events starts at once; the queued resync logs its own failure (guard).
  void resync(allHosts, 'start');
  await following;
  stopCron();
  cancelRetry?.();
  await queue.idle();
  logger.info('registrator: stopped; the catalog keeps its entries');
}
