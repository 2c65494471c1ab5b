import type { FailureSample, LoadReport } from './load-tally';
import type { BenchCycle } from './zero-downtime-cycles';

/** One CLI run during the load. Times in ms since the load started. */
export interface CycleResult {
  readonly cycle: BenchCycle;
  readonly exitCode: number;
  readonly startMs: number;
  readonly durationMs: number;
  /** The last lines the CLI printed, kept when it failed. */
  readonly outputTail?: string;
}

export interface Verdict {
  readonly pass: boolean;
  /** Why it failed (empty when it passed). */
  readonly reasons: readonly string[];
}

/** Failed requests by the cycle window they were sent in (from its start to the next one's), and those sent before the first. */
export function failuresPerCycle(samples: readonly FailureSample[], results: readonly CycleResult[]): { readonly before: number; readonly perCycle: readonly number[] } {
  const perCycle = results.map(() => 0);
  let before = 0;
  for (const sample of samples) {
    const index = results.findLastIndex((r) => r.startMs <= sample.atMs);
    if (index < 0) before += 1;
    else perCycle[index] = (perCycle[index] ?? 0) + 1;
  }
  return { before, perCycle };
}

/**
 * The target: every CLI run succeeded, every release showed its new version through the proxy,
 * and not one request failed.
 */
export function judgeZeroDowntime(report: LoadReport, results: readonly CycleResult[], plannedCycles: number): Verdict {
  const reasons: string[] = [];
  if (report.failed > 0) reasons.push(`${report.failed} of ${report.total} requests failed`);
  if (results.length < plannedCycles) reasons.push(`only ${results.length} of ${plannedCycles} cycles ran`);
  for (const r of results) {
    if (r.exitCode !== 0) reasons.push(`${r.cycle.label}: the CLI exited with ${r.exitCode}`);
    const cutover = report.timeline.find((e) => e.label === r.cycle.label);
    if (r.cycle.kind === 'release' && r.exitCode === 0 && cutover?.switchMs === undefined) {
      reasons.push(`${r.cycle.label}: ${cutover === undefined ? 'no healthy line seen in the CLI output' : `"${cutover.expect ?? ''}" never came through the proxy`}`);
    }
  }
  if (report.total === 0) reasons.push('no request was sent');
  return { pass: reasons.length === 0, reasons };
}
