/**
 * Time as the watch loops use it: a clock and one-shot timers. Injected, so debouncing, backoff
 * and retries are tested with a manual clock instead of real waiting.
 */
export interface WatchTimers {
  now(): number;
  /** Calls `run` once after `ms`; the returned function cancels it (safe to call after it ran). */
  after(ms: number, run: () => void): () => void;
  /** Resolves after `ms`, or at once when `signal` aborts (never rejects). */
  sleep(ms: number, signal: AbortSignal): Promise<void>;
}

export const systemTimers: WatchTimers = {
  now: () => Date.now(),
  after(ms, run) {
    const timer = setTimeout(run, Math.max(0, ms));
    return () => clearTimeout(timer);
  },
  sleep: (ms, signal) =>
    new Promise<void>((resolve) => {
      if (signal.aborted) return resolve();
      const done = (): void => {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, Math.max(0, ms));
      signal.addEventListener('abort', done, { once: true });
    }),
};
