import type { ServiceCatalog } from '../ports/service-catalog';
import type { RetryDelay } from './retry-backoff';
import type { WatchTimers } from './watch-timers';

export interface FollowCatalogOptions {
  readonly catalog: Pick<ServiceCatalog, 'waitForChange'>;
  /** How long one blocking query may wait for a change (Consul's `?wait`). */
  readonly waitMs: number;
  readonly backoff: RetryDelay;
  readonly timers: WatchTimers;
  /** The catalog changed (or was read for the first time, or again after an outage). */
  readonly onChange: (index: number) => void;
  /** A blocking query failed; the next comes after `delayMs`. */
  readonly onError: (error: unknown, attempt: number, delayMs: number) => void;
  readonly signal: AbortSignal;
}

/**
 * Follows docker-flow's part of the catalog with blocking queries until `signal` aborts: the
 * first read answers at once, then each query waits for an index past the last one seen. As
 * Consul's documentation asks, an index that goes backwards starts again from 0, and an index
 * of 0 is treated as 1. Failures are retried with backoff and never end the loop.
 */
export async function followCatalog(o: FollowCatalogOptions): Promise<void> {
  let index = 0;
  let failures = 0;
  while (!o.signal.aborted) {
    let next: number;
    try {
      next = Math.max(1, await o.catalog.waitForChange(index, o.waitMs, o.signal));
    } catch (error) {
      if (o.signal.aborted) return;
      const delayMs = o.backoff(failures);
      failures += 1;
      o.onError(error, failures, delayMs);
      await o.timers.sleep(delayMs, o.signal);
      continue;
    }
    const recovered = failures > 0;
    failures = 0;
    if (next < index) {
      index = 0;
      continue;
    }
    if (next !== index || recovered) o.onChange(next);
    index = next;
  }
}
