import { performance } from 'node:perf_hooks';

/** One marked event of a load run and what the load saw after it. Times in ms since the load started. */
export interface TimelineEntry {
  readonly label: string;
  readonly atMs: number;
  /** The response class (see LoadOptions.classify) the event should bring, e.g. `version: v2`. */
  readonly expect?: string;
  /** When the first 2xx response of class `expect` arrived after the event. */
  readonly firstExpectedMs?: number;
  /** firstExpectedMs - atMs: how long the change took to show through the load. */
  readonly switchMs?: number;
  /** When the last 2xx response of another class arrived after the event (until the next event with an `expect`). */
  readonly lastOtherMs?: number;
}

interface MutableEntry {
  label: string;
  at: number;
  expect: string | undefined;
  firstExpected: number | undefined;
  lastOther: number | undefined;
}

/**
 * Marks events during a load run ("cutover 3 started", expecting `version: v2`) and, fed every
 * classified response by runLoad, records when the expected class first came through.
 * Times come from `now` (performance.now by default: monotonic, the same clock runLoad uses).
 */
export class LoadTimeline {
  private readonly marks: MutableEntry[] = [];
  private origin: number | undefined;

  constructor(private readonly now: () => number = () => performance.now()) {}

  /** Records an event now (or at `atMs` on the same clock); `expect` names the class it should bring. */
  mark(label: string, options: { readonly expect?: string; readonly atMs?: number } = {}): void {
    this.marks.push({ label, at: options.atMs ?? this.now(), expect: options.expect, firstExpected: undefined, lastOther: undefined });
  }

  /** Called by runLoad when it starts: entry times are reported relative to this. */
  start(atMs: number = this.now()): void {
    this.origin ??= atMs;
  }

  /** Called by runLoad for each 2xx response: its class and arrival time on the same clock. */
  observe(responseClass: string, atMs: number = this.now()): void {
    const last = this.marks.findLastIndex((m) => m.expect !== undefined);
    this.marks.forEach((m, index) => {
      if (atMs < m.at) return;
      if (responseClass === m.expect) {
        m.firstExpected ??= atMs;
      } else if (index === last) {
        m.lastOther = atMs;
      }
    });
  }

  /** Every event in the order marked, relative to the load's start. */
  entries(): readonly TimelineEntry[] {
    const origin = this.origin ?? this.marks[0]?.at ?? 0;
    const rel = (t: number): number => t - origin;
    return this.marks.map((m) => ({
      label: m.label,
      atMs: rel(m.at),
      ...(m.expect === undefined ? {} : { expect: m.expect }),
      ...(m.firstExpected === undefined ? {} : { firstExpectedMs: rel(m.firstExpected), switchMs: m.firstExpected - m.at }),
      ...(m.lastOther === undefined ? {} : { lastOtherMs: rel(m.lastOther) }),
    }));
  }
}
