import { pollUntil } from '../adapters/haproxy/poll-until';
import type { ProxyRuntime } from '../ports/proxy-runtime';
import { drained } from '../adapters/haproxy/server-stats';
import type { Clock } from '../clock';
import { InterruptedError, messageOf } from '../errors';
import type { Logger } from '../logger';

/**
 * Waits until requests in flight to servers taken out of the service's backend have finished: the
 * workers of earlier configurations have exited (after a reload), and every slot in maintenance or
 * drain has no session left (after a runtime change). Gives up after `timeoutMs` with a warning.
 */
export async function waitForDrained(runtime: ProxyRuntime, backend: string, timeoutMs: number, logger: Logger, clock: Clock, signal: AbortSignal): Promise<void> {
  const deadline = clock.now() + timeoutMs;
  await runtime.waitForOldWorkers(timeoutMs, signal);
  try {
    const done = await pollUntil('waiting for requests in flight', async () => (drained(await runtime.serverStats(backend, signal)) ? true : undefined), { timeoutMs: Math.max(0, deadline - clock.now()), intervalMs: 50, signal });
    if (done === undefined) logger.warn(`requests to servers taken out of ${backend} are still running after ${timeoutMs} ms; continuing`, { backend, timeoutMs });
  } catch (error: unknown) {
    if (error instanceof InterruptedError) throw error;
    logger.warn(`could not read the counters of ${backend} to wait for requests in flight; continuing`, { backend, error: messageOf(error) });
  }
}
