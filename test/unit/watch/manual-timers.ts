import type { WatchTimers } from '../../../src/watch/watch-timers';

/** A clock that moves only when the test says so; due timers run in order of their due time. */
export class ManualTimers implements WatchTimers {
  private nowMs = 0;
  private nextId = 0;
  private readonly timers = new Map<number, { readonly dueMs: number; readonly run: () => void }>();
  /** Every sleep asked for, in order (backoff delays). */
  readonly sleeps: number[] = [];

  now(): number {
    return this.nowMs;
  }

  after(ms: number, run: () => void): () => void {
    const id = this.nextId++;
    this.timers.set(id, { dueMs: this.nowMs + Math.max(0, ms), run });
    return () => void this.timers.delete(id);
  }

  sleep(ms: number, signal: AbortSignal): Promise<void> {
    this.sleeps.push(ms);
    return new Promise((resolve) => {
      const cancel = this.after(ms, resolve);
      signal.addEventListener('abort', () => {
        cancel();
        resolve();
      }, { once: true });
    });
  }

  /** Timers still waiting. */
  get pending(): number {
    return this.timers.size;
  }

  /** Moves the clock forward by `ms`, running each timer that falls due (and letting promises settle after each). */
  async advance(ms: number): Promise<void> {
    const endMs = this.nowMs + ms;
    for (;;) {
      await settle();
      const due = [...this.timers.entries()].filter(([, t]) => t.dueMs <= endMs).sort((a, b) => a[1].dueMs - b[1].dueMs || a[0] - b[0])[0];
      if (due === undefined) break;
      this.timers.delete(due[0]);
      this.nowMs = Math.max(this.nowMs, due[1].dueMs);
      due[1].run();
    }
    this.nowMs = endMs;
    await settle();
  }
}

/** Lets pending promise callbacks run (no time passes). */
export async function settle(): Promise<void> {
  for (let i = 0; i < 20; i += 1) await Promise.resolve();
}
