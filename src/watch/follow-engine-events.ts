import type { DockerEngine, EngineEvent } from '../ports/docker-engine';
import type { RetryDelay } from './retry-backoff';
import type { WatchTimers } from './watch-timers';

export interface FollowEventsOptions {
  readonly engines: ReadonlyMap<string, DockerEngine>;
  /** Only containers carrying these labels. */
  readonly labels: Readonly<Record<string, string | true>>;
  readonly backoff: RetryDelay;
  readonly timers: WatchTimers;
  readonly onEvent: (event: EngineEvent) => void;
  /** The event stream of `host` is back after a failure: events may have been missed meanwhile. */
  readonly onReconnect: (host: string) => void;
  readonly onError: (host: string, error: unknown, attempt: number, delayMs: number) => void;
  readonly signal: AbortSignal;
}

/**
 * Follows the container events of every host until `signal` aborts. A host whose engine cannot
 * be reached or cuts its stream is retried with backoff without holding up the others; when its
 * stream is back, `onReconnect` says so (the caller resyncs what it may have missed).
 */
export async function followEngineEvents(o: FollowEventsOptions): Promise<void> {
  await Promise.all([...o.engines.values()].map((engine) => followOne(engine, o)));
}

async function followOne(engine: DockerEngine, o: FollowEventsOptions): Promise<void> {
  const host = engine.host.name;
  let failures = 0;
  while (!o.signal.aborted) {
    const startedMs = o.timers.now();
    try {
      if (failures > 0) {
        await engine.ping(o.signal);
        o.onReconnect(host);
      }
      for await (const event of engine.events(o.labels, o.signal)) {
        failures = 0;
        o.onEvent(event);
      }
      return;
    } catch (error) {
      if (o.signal.aborted) return;
      // A stream that lived longer than the longest pause was a working connection: start over.
      if (o.timers.now() - startedMs > o.backoff(Number.MAX_SAFE_INTEGER)) failures = 0;
      const delayMs = o.backoff(failures);
      failures += 1;
      o.onError(host, error, failures, delayMs);
      await o.timers.sleep(delayMs, o.signal);
    }
  }
}
