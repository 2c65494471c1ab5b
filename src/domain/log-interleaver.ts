import { sortLogEntries, type LogEntry } from './log-entry';

/**
 * Puts lines that arrive from many streams (hosts) in time order while following: an entry is
 * held until `windowMs` after it arrived, then released with every other entry of that age, in
 * time order. A line that arrives later than the window with an older time is released as soon as
 * it can (after the newer ones). Time is passed in. Pure.
 */
export class LogInterleaver {
  private held: { readonly entry: LogEntry; readonly arrivedMs: number }[] = [];

  constructor(private readonly windowMs: number) {}

  push(entry: LogEntry, arrivedMs: number): void {
    this.held.push({ entry, arrivedMs });
  }

  /** The entries that arrived at least `windowMs` before `nowMs`, in time order. */
  take(nowMs: number): readonly LogEntry[] {
    const ripe = this.held.filter((h) => nowMs - h.arrivedMs >= this.windowMs);
    if (ripe.length === 0) return [];
    this.held = this.held.filter((h) => nowMs - h.arrivedMs < this.windowMs);
    return sortLogEntries(ripe.map((h) => h.entry));
  }

  /** Everything held, in time order (at the end). */
  flush(): readonly LogEntry[] {
    const all = sortLogEntries(this.held.map((h) => h.entry));
    this.held = [];
    return all;
  }

  get size(): number {
    return this.held.length;
  }
}
