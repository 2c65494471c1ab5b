/** Latency figures of a load run, in milliseconds. */
export interface LatencySummary {
  readonly count: number;
  readonly min: number;
  readonly p50: number;
  readonly p90: number;
  readonly p99: number;
  readonly max: number;
  readonly mean: number;
}

/**
 * Nearest-rank percentile of values sorted ascending: the smallest value such that at least
 * `p`% of the values are at or below it (p50 of [1,2,3,4] is 2; p100 is the maximum).
 */
export function percentile(sortedAscending: readonly number[], p: number): number {
  if (!(p > 0 && p <= 100)) throw new RangeError(`percentile: p must be in (0, 100], got ${p}`);
  const rank = Math.ceil((p / 100) * sortedAscending.length);
  const value = sortedAscending[Math.max(rank, 1) - 1];
  if (value === undefined) throw new RangeError('percentile: no values');
  return value;
}

/** min, p50, p90, p99, max and mean of `values` (any order; not modified); undefined when empty. */
export function summarizeLatencies(values: readonly number[]): LatencySummary | undefined {
  if (values.length === 0) return undefined;
  const sorted = Float64Array.from(values).sort();
  const list = Array.from(sorted);
  let sum = 0;
  for (const v of list) sum += v;
  return {
    count: list.length,
    min: list[0] ?? Number.NaN,
    p50: percentile(list, 50),
    p90: percentile(list, 90),
    p99: percentile(list, 99),
    max: percentile(list, 100),
    mean: sum / list.length,
  };
}

/** The median of a few timings (the lower middle for an even count); undefined when empty. */
export function median(values: readonly number[]): number | undefined {
  return values.length === 0 ? undefined : percentile([...values].sort((a, b) => a - b), 50);
}
