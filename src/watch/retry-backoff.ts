export interface RetryBackoffOptions {
  /** Delay before the first retry. */
  readonly initialMs: number;
  /** Upper bound of any delay. */
  readonly maxMs: number;
  /** Growth per failed attempt (default 2). */
  readonly factor?: number;
}

/** `(attempt) => delayMs` for attempt 0, 1, 2...: the pause after that many consecutive failures. */
export type RetryDelay = (attempt: number) => number;

/**
 * Exponential backoff as a pure function (consul-template's retry): initialMs · factor^attempt,
 * capped at maxMs. Deterministic, so tests and logs show exactly when the next try comes.
 */
export function retryBackoff(options: RetryBackoffOptions): RetryDelay {
  const factor = options.factor ?? 2;
  return (attempt) => {
    const safeAttempt = Math.max(0, Math.floor(attempt));
    const delayMs = options.initialMs * factor ** Math.min(safeAttempt, 64);
    return Math.min(options.maxMs, Number.isFinite(delayMs) ? delayMs : options.maxMs);
  };
}

/** Consul unreachable, an engine's event stream cut: 250 ms, 500 ms, 1 s ... at most 30 s. */
export const watchBackoff: RetryDelay = retryBackoff({ initialMs: 250, maxMs: 30_000 });
