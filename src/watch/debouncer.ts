import type { WatchTimers } from './watch-timers';

export interface DebounceOptions {
  /** Runs once no trigger came for this long (a burst ends)... */
  readonly quietMs: number;
  /** ...or at the latest this long after the first trigger of a burst (a burst that never ends). */
  readonly maxDelayMs: number;
  readonly timers: WatchTimers;
}

/**
 * Collapses bursts of triggers (ten containers dying at once, a registrator resync) into one
 * run: the run comes `quietMs` after the last trigger, but never later than `maxDelayMs` after the
 * first one, so a steady stream of changes still gets the proxy updated.
 */
export class Debouncer {
  private firstAtMs: number | undefined;
  private cancelTimer: (() => void) | undefined;

  constructor(
    private readonly run: () => void,
    private readonly options: DebounceOptions,
  ) {
    if (!(options.quietMs >= 0) || !(options.maxDelayMs >= options.quietMs)) {
      throw new RangeError(`debounce needs 0 <= quietMs <= maxDelayMs, got quietMs ${options.quietMs} and maxDelayMs ${options.maxDelayMs}`);
    }
  }

  /** Whether a run is scheduled. */
  get pending(): boolean {
    return this.firstAtMs !== undefined;
  }

  trigger(): void {
    const nowMs = this.options.timers.now();
    this.firstAtMs ??= nowMs;
    const dueMs = Math.min(nowMs + this.options.quietMs, this.firstAtMs + this.options.maxDelayMs);
    this.cancelTimer?.();
    this.cancelTimer = this.options.timers.after(Math.max(0, dueMs - nowMs), () => this.fire());
  }

  cancel(): void {
    this.cancelTimer?.();
    this.cancelTimer = undefined;
    this.firstAtMs = undefined;
  }

  private fire(): void {
    this.cancelTimer = undefined;
    this.firstAtMs = undefined;
    this.run();
  }
}
