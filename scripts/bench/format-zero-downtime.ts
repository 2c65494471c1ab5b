import type { HeyReport } from './parse-hey';
import { median } from './percentiles';
import type { CycleResult, FloorResult, SwitchFigures, Verdict } from './zero-downtime-results';
import { p99Ratio, targets } from './zero-downtime-results';

const sec = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;
const ms = (value: number): string => `${value.toFixed(value < 10 ? 1 : 0)} ms`;

/** `40000 requests at 2000/s, 0 failed, p50 0.6 ms, p99 2.1 ms, max 12.3 ms` (+ failures by kind). */
export function summarizeHey(r: HeyReport): string {
  const latency = r.latencyMs === undefined ? 'no 2xx answer' : `p50 ${ms(r.latencyMs.p50)}, p99 ${ms(r.latencyMs.p99)}, max ${ms(r.latencyMs.max)}`;
  const kinds = [...Object.entries(r.statuses).filter(([code]) => !code.startsWith('2')).map(([code, n]) => `HTTP ${code}: ${n}`), ...Object.entries(r.errors).map(([error, n]) => `${error}: ${n}`)];
  return `${r.total} requests at ${r.ratePerSec.toFixed(0)}/s over ${r.elapsedSec.toFixed(1)} s, ${r.failed} failed${kinds.length === 0 ? '' : ` (${kinds.join('; ')})`}, ${latency}`;
}

/** "lock 9.0 ms, instances 15 ms, ...": the p50 of each part. */
const medians = (parts: ReadonlyMap<string, readonly number[]>): string => [...parts].map(([part, values]) => `${part} ${ms(median(values) ?? 0)}`).join(', ') || 'none logged';

/** The cycles (CLI time, route steps, how the proxy changed), the switch summary, the targets and the verdict. */
export function formatZeroDowntime(baseline: HeyReport, during: HeyReport, results: readonly CycleResult[], figures: SwitchFigures, verdict: Verdict, floor?: FloorResult): string[] {
  const width = Math.max(0, ...results.map((r) => r.cycle.label.length));
  const lines = ['cycles      CLI wall time; route = the route step(s) of its timeline; moved = runtime commands sent → read back and served (traffic moved)'];
  for (const r of results) {
    const steps = r.switches.routeStepsMs.map(ms).join(' + ') || '-';
    const how = r.switches.changes.map((c) => (c.path === 'runtime' ? `runtime, moved in ${ms(c.confirmedMs)}` : `reloaded: ${c.why}`)).join('; ') || 'proxy unchanged';
    lines.push(`  ${r.cycle.label.padEnd(width)}  ${sec(r.durationMs).padStart(6)}  exit ${r.exitCode}  route ${steps}  ${how}`);
    if (r.outputTail !== undefined) lines.push(...r.outputTail.split('\n').map((l) => `      | ${l}`));
  }
  const spread = (values: readonly number[]): string => (values.length === 0 ? 'none' : `p50 ${ms(median(values) ?? 0)}, max ${ms(Math.max(...values))} (${values.length})`);
  const ratioTo = (r: HeyReport): string => {
    const ratio = p99Ratio(baseline, r);
    return Number.isNaN(ratio) ? 'n/a' : ratio.toFixed(2);
  };
  lines.push(
    `switch      route step of the releases: ${spread(figures.stepMs)}; moved: ${spread(figures.movedMs)}`,
    `            parts of the route step, p50 of when each finished (ms from the step's start; instances and lock run together, intent beside the proxies): ${medians(figures.parts)}`,
    `            parts of its runtime change, the same way (ms from the change's start; haproxy -c runs from the candidate file on, beside the switch): ${medians(figures.runtimeParts)}`,
    `            proxy changes: ${figures.runtime} at runtime, ${figures.reloads.length} reload${figures.reloads.length === 1 ? '' : 's'}${figures.reloads.length === 0 ? '' : ` (${figures.reloads.join('; ')})`}`,
    `baseline    ${summarizeHey(baseline)}`,
    `during      ${summarizeHey(during)}`,
    `p99 ratio   ${ratioTo(during)} (p99 during the cycles / p99 of the baseline, same run)`,
    ...(floor === undefined ? [] : [
      `floor       ${summarizeHey(floor.report)}`,
      `floor ratio ${ratioTo(floor.report)} (p99 while ${floor.cycles} cycles of an unrouted project ran — no proxy change — / p99 of the baseline: what releasing alone costs this machine)`,
    ]),
    ...targets(baseline, during, figures).map((t) => `target      ${t.met ? 'met    ' : 'NOT MET'} ${t.what}`),
    verdict.pass ? `verdict     PASS: 0 failed, every cycle exited 0 and every release was served` : `verdict     FAIL: ${verdict.reasons.join('; ')}`,
  );
  return lines;
}
