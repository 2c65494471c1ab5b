import { describeSettledSwitch, type SettledSwitch } from '../apply/proxy-gateway';
import type { Logger } from '../logger';
import { Debouncer } from './debouncer';
import type { RetryDelay } from './retry-backoff';
import type { WatchTimers } from './watch-timers';
import { messageOf } from '../errors';

export interface RefreshLoopOptions {
  /** Re-reads the servers of every route, re-renders, reloads only on a change (RefreshingProxyGateway.refresh). */
  readonly refresh: (signal: AbortSignal) => Promise<{ readonly changed: boolean; readonly settled?: readonly SettledSwitch[] }>;
  readonly quietMs: number;
  readonly maxDelayMs: number;
  /** Delay before retrying after consecutive failed refreshes. */
  readonly backoff: RetryDelay;
  readonly timers: WatchTimers;
  readonly logger: Logger;
  readonly signal: AbortSignal;
  /** Told after every refresh (tests, benchmarks). */
  readonly onRefreshed?: (outcome: { readonly changed: boolean; readonly reasons: readonly string[] }) => void;
}

/**
 * Runs the proxy refresh: debounced requests, one refresh at a time (a request during a refresh
 * runs another one right after it), and retries with backoff when a refresh fails, while the
 * proxy keeps serving its last good configuration.
 */
export class RefreshLoop {
  private readonly debouncer: Debouncer;
  private readonly reasons = new Set<string>();
  private running: Promise<void> | undefined;
  private again = false;
  private failures = 0;
  private cancelRetry: (() => void) | undefined;

  constructor(private readonly o: RefreshLoopOptions) {
    this.debouncer = new Debouncer(() => this.kick(), { quietMs: o.quietMs, maxDelayMs: o.maxDelayMs, timers: o.timers });
  }

  /** A change was seen: refresh once the burst is over. */
  request(reason: string): void {
    if (this.o.signal.aborted) return;
    this.reasons.add(reason);
    this.debouncer.trigger();
  }

  /** Refresh without waiting for quiet (at start, on the safety-net schedule). */
  requestNow(reason: string): void {
    if (this.o.signal.aborted) return;
    this.reasons.add(reason);
    this.debouncer.cancel();
    this.kick();
  }

  /** Stops timers and waits for a refresh in progress (it sees the aborted signal). */
  async stop(): Promise<void> {
    this.debouncer.cancel();
    this.cancelRetry?.();
    await this.running;
  }

  private kick(): void {
    if (this.o.signal.aborted) return;
    if (this.running !== undefined) {
      this.again = true;
      return;
    }
    this.cancelRetry?.();
    this.cancelRetry = undefined;
    this.running = this.runOnce().finally(() => {
      this.running = undefined;
      if (this.again) {
        this.again = false;
        this.kick();
      }
    });
  }

  private async runOnce(): Promise<void> {
    const reasons = [...this.reasons].sort();
    this.reasons.clear();
    const startedMs = this.o.timers.now();
    try {
      const { changed, settled = [] } = await this.o.refresh(this.o.signal);
      this.failures = 0;
      for (const s of settled) this.o.logger.warn(`proxy watch: ${describeSettledSwitch(s)}`);
      const fields = { reasons, durationMs: this.o.timers.now() - startedMs };
      if (changed) this.o.logger.info('proxy watch: the servers changed; the proxy was reloaded with the new configuration', fields);
      else this.o.logger.debug('proxy watch: refreshed; the configuration is unchanged', fields);
      this.o.onRefreshed?.({ changed, reasons });
    } catch (error) {
      if (this.o.signal.aborted) return;
      const delayMs = this.o.backoff(this.failures);
      this.failures += 1;
      for (const reason of reasons) this.reasons.add(reason);
      this.o.logger.warn(`proxy watch: refresh failed (attempt ${this.failures}); the proxy keeps its last good configuration; retrying in ${delayMs} ms`, {
        error: messageOf(error),
      });
      this.cancelRetry = this.o.timers.after(delayMs, () => this.kick());
    }
  }
}
