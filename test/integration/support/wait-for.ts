import { setTimeout as delay } from 'node:timers/promises';
import { messageOf } from '../../../src/errors';

export interface WaitForOptions {
  readonly timeoutMs: number;
  /** Pause between two checks; 200 ms unless given. */
  readonly intervalMs?: number;
  /** What is awaited, for the error message: "container app-blue_1 to be healthy". */
  readonly what: string;
  readonly signal?: AbortSignal;
}

/**
 * Polls `check` until it resolves true. A check that throws counts as "not yet" and its error is
 * reported if time runs out. Throws an Error naming `what`, the time waited and the last error.
 */
export async function waitFor(check: () => Promise<boolean>, options: WaitForOptions): Promise<void> {
  const { timeoutMs, what } = options;
  const intervalMs = options.intervalMs ?? 200;
  const started = Date.now();
  const deadline = started + timeoutMs;
  let checks = 0;
  let lastError: unknown;
  for (;;) {
    options.signal?.throwIfAborted();
    checks += 1;
    try {
      if (await withinDeadline(check(), deadline)) return;
      lastError = undefined;
    } catch (error) {
      lastError = error;
    }
    const left = deadline - Date.now();
    if (left <= 0) {
      const last = lastError === undefined ? '' : `; last error: ${messageOf(lastError)}`;
      throw new Error(`timed out after ${Date.now() - started} ms (limit ${timeoutMs} ms, ${checks} checks) waiting for ${what}${last}`, {
        cause: lastError,
      });
    }
    await delay(Math.min(intervalMs, left), undefined, options.signal === undefined ? {} : { signal: options.signal });
  }
}

/** A check still pending at the deadline counts as failed (it keeps running, unobserved). */
async function withinDeadline(check: Promise<boolean>, deadline: number): Promise<boolean> {
  const controller = new AbortController();
  const timeout = delay(Math.max(0, deadline - Date.now()), false, { signal: controller.signal }).catch(() => false);
  try {
    return await Promise.race([check, timeout]);
  } finally {
    controller.abort();
  }
}
