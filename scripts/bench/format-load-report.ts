import type { LoadReport } from './load-tally';

const ms = (value: number): string => `${value.toFixed(value < 10 ? 2 : 1)} ms`;
const counts = (record: Readonly<Record<string, number>>): string =>
  Object.keys(record).length === 0 ? 'none' : Object.entries(record).map(([key, n]) => `${key}: ${n}`).join(', ');

/** The report as lines for a terminal: totals, failures by kind, latency, bodies, timeline. */
export function formatLoadReport(report: LoadReport): string[] {
  const lines = [
    `load        ${report.url} stopped by ${report.stoppedBy} after ${(report.elapsedMs / 1000).toFixed(1)} s`,
    `requests    ${report.total} total, ${report.ok} ok (2xx), ${report.failed} failed`,
    `rate        ${report.achievedRatePerSec.toFixed(0)}/s achieved of ${report.requestedRatePerSec}/s requested (worst send lag ${ms(report.maxScheduleLagMs)})`,
    `failed by kind: connection errors ${counts(report.failures.connection)}; non-2xx ${counts(report.failures.status)}; timeouts ${report.failures.timeout}`,
  ];
  const l = report.latencyMs;
  lines.push(
    l === undefined
      ? 'latency     no 2xx answer'
      : `latency     p50 ${ms(l.p50)}, p90 ${ms(l.p90)}, p99 ${ms(l.p99)}, max ${ms(l.max)} (mean ${ms(l.mean)}, ${l.count} answers)`,
  );
  lines.push(`bodies      ${counts(report.bodies)}`);
  for (const e of report.timeline) {
    const at = `${(e.atMs / 1000).toFixed(3)} s`;
    if (e.expect === undefined) lines.push(`  ${at}  ${e.label}`);
    else if (e.switchMs === undefined) lines.push(`  ${at}  ${e.label}: "${e.expect}" never came through`);
    else {
      const overlap = e.lastOtherMs === undefined ? '' : `, last other answer ${ms(e.lastOtherMs - e.atMs)} after`;
      lines.push(`  ${at}  ${e.label}: first "${e.expect}" ${ms(e.switchMs)} later${overlap}`);
    }
  }
  return lines;
}
