import { summarizeLatencies } from './percentiles';
import type { LatencySummary } from './percentiles';
import type { TimelineEntry } from './load-timeline';

/** Failed requests by kind. Keys are sorted so reports compare line by line. */
export interface LoadFailures {
  /** Connection errors by code (ECONNREFUSED, ECONNRESET, ...); `ECONNRESET on reused connection` when a keep-alive socket broke. */
  readonly connection: Readonly<Record<string, number>>;
  /** Non-2xx answers by HTTP status. */
  readonly status: Readonly<Record<string, number>>;
  /** Requests without a complete answer within timeoutMs. */
  readonly timeout: number;
}

export type LoadStop = 'duration' | 'maxRequests' | 'signal';

export interface LoadReport {
  readonly url: string;
  readonly stoppedBy: LoadStop;
  /** From the first request sent to the last answer received. */
  readonly elapsedMs: number;
  /** Requests sent (every one ended: answered, failed or timed out). */
  readonly total: number;
  /** 2xx answers. */
  readonly ok: number;
  readonly failed: number;
  readonly failures: LoadFailures;
  /** Latency of the 2xx answers, from the request call to the last byte; absent when none. */
  readonly latencyMs?: LatencySummary;
  /** total / elapsed seconds. */
  readonly achievedRatePerSec: number;
  readonly requestedRatePerSec: number;
  /** How far sending fell behind the schedule at worst: the generator's own health. */
  readonly maxScheduleLagMs: number;
  /** 2xx answers by class of body (`classify`, or the first line of the body). */
  readonly bodies: Readonly<Record<string, number>>;
  readonly timeline: readonly TimelineEntry[];
  /** The first failures (at most 100,000) with when each failed request was sent, in ms since the load started: to tie them to events. */
  readonly failureSamples: readonly FailureSample[];
}

export interface FailureSample {
  /** When the failed request was sent. */
  readonly atMs: number;
  /** `timeout`, `HTTP 503`, or the connection error code. */
  readonly kind: string;
}

const maxFailureSamples = 100_000;

const bump = (counts: Map<string, number>, key: string): void => {
  counts.set(key, (counts.get(key) ?? 0) + 1);
};
const sortedRecord = (counts: Map<string, number>): Readonly<Record<string, number>> =>
  Object.fromEntries([...counts].sort(([a], [b]) => a.localeCompare(b)));

/** Counts of one load run as answers come in; `report` freezes them into a LoadReport. */
export class LoadTally {
  private readonly latencies: number[] = [];
  private readonly bodies = new Map<string, number>();
  private readonly statuses = new Map<string, number>();
  private readonly connections = new Map<string, number>();
  private readonly failureSamples: FailureSample[] = [];
  private timeouts = 0;
  private total = 0;

  /** `origin`: the load's start on the clock the `atMs` arguments use. */
  constructor(private readonly origin: number) {}

  ok(latencyMs: number, bodyClass: string): void {
    this.total += 1;
    this.latencies.push(latencyMs);
    bump(this.bodies, bodyClass);
  }

  status(code: number, atMs: number): void {
    bump(this.statuses, String(code));
    this.failure(`HTTP ${code}`, atMs);
  }

  connection(code: string, atMs: number): void {
    bump(this.connections, code);
    this.failure(code, atMs);
  }

  timeout(atMs: number): void {
    this.timeouts += 1;
    this.failure('timeout', atMs);
  }

  private failure(kind: string, atMs: number): void {
    this.total += 1;
    if (this.failureSamples.length < maxFailureSamples) this.failureSamples.push({ atMs: atMs - this.origin, kind });
  }

  report(run: {
    readonly url: string;
    readonly stoppedBy: LoadStop;
    readonly elapsedMs: number;
    readonly requestedRatePerSec: number;
    readonly maxScheduleLagMs: number;
    readonly timeline: readonly TimelineEntry[];
  }): LoadReport {
    const latency = summarizeLatencies(this.latencies);
    return {
      url: run.url,
      stoppedBy: run.stoppedBy,
      elapsedMs: run.elapsedMs,
      total: this.total,
      ok: this.latencies.length,
      failed: this.total - this.latencies.length,
      failures: { connection: sortedRecord(this.connections), status: sortedRecord(this.statuses), timeout: this.timeouts },
      ...(latency === undefined ? {} : { latencyMs: latency }),
      achievedRatePerSec: run.elapsedMs > 0 ? (this.total * 1000) / run.elapsedMs : 0,
      requestedRatePerSec: run.requestedRatePerSec,
      maxScheduleLagMs: run.maxScheduleLagMs,
      bodies: sortedRecord(this.bodies),
      timeline: run.timeline,
      failureSamples: [...this.failureSamples].sort((a, b) => a.atMs - b.atMs),
    };
  }
}
