import { setTimeout as delay } from 'node:timers/promises';
import { InterruptedError } from './errors';

/** Injectable time, so waits are testable without a real clock. */
export interface Clock {
  now(): number;
  sleep(ms: number, signal: AbortSignal): Promise<void>;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: async (ms, signal) => {
    try {
      await delay(ms, undefined, { signal });
    } catch (error) {
      throw new InterruptedError('interrupted while waiting', { cause: error });
    }
  },
};

/**
 * Polls `check` until it returns a value other than undefined, or the deadline passes
 * (then returns undefined). `intervalMs(attempt)` is the delay before the next try. When `signal`
 * aborts, `interrupted(cause)` names the error (default: InterruptedError "interrupted", or the
 * clock's own error when the abort comes during a sleep).
 */
export async function pollUntil<T>(
  check: () => Promise<T | undefined>,
  options: {
    readonly timeoutMs: number;
    readonly intervalMs: (attempt: number) => number;
    readonly clock: Clock;
    readonly signal: AbortSignal;
    readonly interrupted?: (cause: unknown) => Error;
  },
): Promise<T | undefined> {
  const interrupted = options.interrupted ?? ((cause: unknown) => new InterruptedError('interrupted', { cause }));
  const deadline = options.clock.now() + options.timeoutMs;
  for (let attempt = 0; ; attempt += 1) {
    if (options.signal.aborted) throw interrupted(options.signal.reason);
    const value = await check();
    if (value !== undefined) return value;
    const left = deadline - options.clock.now();
    if (left <= 0) return undefined;
    try {
      await options.clock.sleep(Math.min(left, options.intervalMs(attempt)), options.signal);
    } catch (error: unknown) {
      throw options.signal.aborted && options.interrupted !== undefined ? options.interrupted(error) : error;
    }
  }
}

/** 100 ms, growing to at most 1 s: quick for fast containers, gentle for slow ones. */
export const backoff = (attempt: number): number => Math.min(1000, 100 * 2 ** Math.min(attempt, 4));
