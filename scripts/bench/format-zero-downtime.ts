import type { LoadReport } from './load-tally';
import { median } from './percentiles';
import type { CycleResult, Verdict } from './zero-downtime-results';
import { failuresPerCycle } from './zero-downtime-results';

const sec = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;
const msOrSec = (ms: number): string => (ms < 1000 ? `${ms.toFixed(0)} ms` : `${(ms / 1000).toFixed(2)} s`);

function spread(label: string, values: readonly number[], unit: (ms: number) => string): string {
  const mid = median(values);
  if (mid === undefined) return `${label} none`;
  return `${label} median ${unit(mid)} (min ${unit(Math.min(...values))}, max ${unit(Math.max(...values))}, ${values.length})`;
}

/** Per-cycle lines (CLI time, switch latency, failures in its window), a summary and the verdict. */
export function formatZeroDowntime(report: LoadReport, results: readonly CycleResult[], verdict: Verdict): string[] {
  const { before, perCycle } = failuresPerCycle(report.failureSamples, results);
  const width = Math.max(0, ...results.map((r) => r.cycle.label.length));
  const switches: number[] = [];
  const lines = [`cycles      CLI wall time; switch = the CLI's last "healthy" line → first answer of the new version through the proxy`];
  results.forEach((r, i) => {
    const cutover = report.timeline.find((e) => e.label === r.cycle.label);
    let change = '';
    if (cutover?.switchMs !== undefined) {
      switches.push(cutover.switchMs);
      const tail = cutover.lastOtherMs === undefined ? '' : `, last old answer ${msOrSec(cutover.lastOtherMs - cutover.atMs)} after healthy`;
      change = `switch ${msOrSec(cutover.switchMs)}${tail}`;
    } else if (r.cycle.kind === 'release') change = 'switch NOT SEEN';
    lines.push(`  ${r.cycle.label.padEnd(width)}  ${sec(r.durationMs).padStart(7)}  exit ${r.exitCode}  failed ${perCycle[i] ?? 0}  ${change}`.trimEnd());
    if (r.outputTail !== undefined) lines.push(...r.outputTail.split('\n').map((l) => `      | ${l}`));
  });
  if (before > 0) lines.push(`  ${before} failed before the first cycle`);
  if (report.failureSamples.length < report.failed) lines.push(`  (failures per cycle count the first ${report.failureSamples.length} of ${report.failed})`);
  const durations = (kind: 'release' | 'scale'): number[] => results.filter((r) => r.cycle.kind === kind).map((r) => r.durationMs);
  lines.push(
    spread('release CLI', durations('release'), sec),
    spread('scale CLI  ', durations('scale'), sec),
    spread('switch     ', switches, msOrSec),
  );
  const releases = results.filter((r) => r.cycle.kind === 'release').length;
  const scope = `${report.total} requests at ${report.achievedRatePerSec.toFixed(0)}/s over ${sec(report.elapsedMs)}, ${releases} releases and ${results.length - releases} scale cycles`;
  lines.push(verdict.pass ? `verdict     PASS: 0 failed of ${scope} (target: 0 failed)` : `verdict     FAIL: ${verdict.reasons.join('; ')} (${scope}; target: 0 failed)`);
  return lines;
}
