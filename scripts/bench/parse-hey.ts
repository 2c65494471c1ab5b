/** What `hey` printed at the end of a run (its default summary), in our units. */
export interface HeyReport {
  /** Every request sent: answered (any status) or failed without an answer. */
  readonly total: number;
  /** 2xx answers. */
  readonly ok: number;
  /** Non-2xx answers and requests without an answer (connection errors, timeouts). */
  readonly failed: number;
  readonly statuses: Readonly<Record<string, number>>;
  /** hey's error messages with their counts. */
  readonly errors: Readonly<Record<string, number>>;
  readonly elapsedSec: number;
  readonly ratePerSec: number;
  /** Latency of the answered requests, ms (hey's percentiles and slowest, 0.1 ms resolution). */
  readonly latencyMs?: { readonly p50: number; readonly p90: number; readonly p99: number; readonly max: number };
}

const seconds = (text: string | undefined): number | undefined => (text === undefined ? undefined : Number(text) * 1000);

/** Parses hey's default summary (Summary, Latency distribution, Status code and Error distribution). */
export function parseHeySummary(output: string): HeyReport {
  const statuses: Record<string, number> = {};
  const errors: Record<string, number> = {};
  const percent = new Map<number, number>();
  let section = '';
  for (const line of output.split('\n')) {
    if (/^\S.*:\s*$/.test(line)) section = line.trim();
    const status = /^\s+\[(\d{3})\]\s+(\d+) responses/.exec(line);
    if (status !== null && section.startsWith('Status code')) statuses[status[1] ?? ''] = Number(status[2]);
    const error = /^\s+\[(\d+)\]\s+(.+)$/.exec(line);
    if (error !== null && section.startsWith('Error distribution')) errors[(error[2] ?? '').trim()] = Number(error[1]);
    const p = /^\s+(\d+)%+ in ([\d.]+) secs/.exec(line);
    if (p !== null) percent.set(Number(p[1]), Number(p[2]) * 1000);
  }
  const field = (name: string): string | undefined => new RegExp(`^\\s+${name}:\\s+([\\d.]+)`, 'm').exec(output)?.[1];
  const answered = Object.values(statuses).reduce((sum, n) => sum + n, 0);
  const unanswered = Object.values(errors).reduce((sum, n) => sum + n, 0);
  const ok = Object.entries(statuses).reduce((sum, [code, n]) => (code.startsWith('2') ? sum + n : sum), 0);
  const elapsedSec = Number(field('Total') ?? 0);
  const [p50, p90, p99, max] = [percent.get(50), percent.get(90), percent.get(99), seconds(field('Slowest'))];
  return {
    total: answered + unanswered,
    ok,
    failed: answered + unanswered - ok,
    statuses,
    errors,
    elapsedSec,
    ratePerSec: elapsedSec > 0 ? (answered + unanswered) / elapsedSec : 0,
    ...(p50 === undefined || p90 === undefined || p99 === undefined || max === undefined ? {} : { latencyMs: { p50, p90, p99, max } }),
  };
}
