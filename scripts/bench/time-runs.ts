import { performance } from 'node:perf_hooks';
import { InterruptedError } from '../../src/errors';
import { median } from './percentiles';

/** Wall-clock durations of repeated runs of one thing, in ms. */
export interface RunTimes {
  readonly runs: readonly number[];
  readonly median: number;
  readonly min: number;
  readonly max: number;
}

/** Runs `run` `count` times one after the other and times each run. */
export async function timeRuns(count: number, run: (index: number) => unknown, signal: AbortSignal): Promise<RunTimes> {
  const runs: number[] = [];
  for (let i = 0; i < count; i += 1) {
    if (signal.aborted) throw new InterruptedError(`timing interrupted after ${i} of ${count} runs`, { hint: 'run the benchmark again' });
    const start = performance.now();
    await run(i);
    runs.push(performance.now() - start);
  }
  return summarizeRuns(runs);
}

/** median, min and max of durations (at least one). */
export function summarizeRuns(runs: readonly number[]): RunTimes {
  const mid = median(runs);
  if (mid === undefined) throw new RangeError('summarizeRuns: no runs');
  return { runs, median: mid, min: Math.min(...runs), max: Math.max(...runs) };
}

export const formatRunTimes = (t: RunTimes): string =>
  `median ${t.median.toFixed(1)} ms, min ${t.min.toFixed(1)} ms, max ${t.max.toFixed(1)} ms (${t.runs.length} runs)`;
