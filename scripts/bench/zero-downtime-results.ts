import type { CliSwitches } from './cli-switches';
import type { HeyReport } from './parse-hey';
import { median } from './percentiles';
import type { BenchCycle } from './zero-downtime-cycles';

/** One CLI run during the load. */
export interface CycleResult {
  readonly cycle: BenchCycle;
  readonly exitCode: number;
  readonly durationMs: number;
  readonly switches: CliSwitches;
  /** A release: whether the proxy answered the new version right after the CLI returned. */
  readonly served: boolean;
  /** The last lines the CLI printed, kept when it failed. */
  readonly outputTail?: string;
}

/** The load while releases of an unrouted project ran: what releasing costs the machine without any proxy change. */
export interface FloorResult {
  /** How many cycles (releases and scales) of the unrouted project ran. */
  readonly cycles: number;
  readonly report: HeyReport;
}

export interface Verdict {
  readonly pass: boolean;
  /** Why it failed (empty when it passed). */
  readonly reasons: readonly string[];
}

/** The switch figures of the releases: their route steps, and the runtime changes' "commands sent → confirmed". */
export interface SwitchFigures {
  readonly stepMs: readonly number[];
  readonly movedMs: readonly number[];
  readonly runtime: number;
  readonly reloads: readonly string[];
  /** Per part of the releases' route steps (instances, lock, routes, intent, proxies, record): when it finished, ms from the step's start, one value per step. */
  readonly parts: ReadonlyMap<string, readonly number[]>;
  /** The same for the runtime changes on the local proxy (candidate, checked, intent, switched, served, written), ms from the change's start. */
  readonly runtimeParts: ReadonlyMap<string, readonly number[]>;
}

export function switchFigures(results: readonly CycleResult[]): SwitchFigures {
  const releases = results.filter((r) => r.cycle.kind === 'release');
  const changes = results.flatMap((r) => r.switches.changes);
  return {
    stepMs: releases.flatMap((r) => r.switches.routeStepsMs),
    movedMs: releases.flatMap((r) => r.switches.changes.flatMap((c) => (c.path === 'runtime' ? [c.confirmedMs] : []))),
    runtime: changes.filter((c) => c.path === 'runtime').length,
    reloads: changes.flatMap((c) => (c.path === 'reload' ? [c.why] : [])),
    parts: partsOf(releases.flatMap((r) => r.switches.timelines)),
    runtimeParts: partsOf(releases.flatMap((r) => r.switches.runtimeTimelines)),
  };
}

/** The timelines' parts in the order they first finished, each with its values. */
function partsOf(timelines: readonly Readonly<Record<string, number>>[]): ReadonlyMap<string, readonly number[]> {
  const parts = new Map<string, number[]>();
  for (const timeline of timelines) {
    for (const [part, ms] of Object.entries(timeline)) parts.set(part, [...(parts.get(part) ?? []), ms]);
  }
  return parts;
}

/** p99 of `load` / p99 of the baseline of the same run; NaN when either had no 2xx answer to time. */
export function p99Ratio(baseline: HeyReport, load: HeyReport): number {
  return baseline.latencyMs === undefined || load.latencyMs === undefined ? Number.NaN : load.latencyMs.p99 / baseline.latencyMs.p99;
}

/** The target of the issue, figure by figure: met or not, with the figure. */
export function targets(baseline: HeyReport, during: HeyReport, figures: SwitchFigures): readonly { readonly what: string; readonly met: boolean }[] {
  const ratio = p99Ratio(baseline, during);
  const p50 = median(figures.stepMs) ?? Number.NaN;
  const max = Math.max(...figures.stepMs);
  return [
    { what: `0 failed of ≥ 120,000 requests: ${during.failed} failed of ${during.total}`, met: during.failed === 0 && during.total >= 120_000 },
    { what: `switch step p50 ≤ 20 ms: ${p50.toFixed(1)} ms`, met: p50 <= 20 },
    { what: `switch step max ≤ 100 ms: ${max.toFixed(1)} ms`, met: max <= 100 },
    { what: `p99 during ≤ 1.5 × baseline p99: ${ratio.toFixed(2)} ×`, met: ratio <= 1.5 },
  ];
}

/** Zero downtime: every CLI run succeeded, every release was served, not one request failed. */
export function judgeZeroDowntime(during: HeyReport, results: readonly CycleResult[], plannedCycles: number): Verdict {
  const reasons: string[] = [];
  if (during.failed > 0) reasons.push(`${during.failed} of ${during.total} requests failed`);
  if (during.total === 0) reasons.push('no request was sent');
  if (results.length < plannedCycles) reasons.push(`only ${results.length} of ${plannedCycles} cycles ran`);
  for (const r of results) {
    if (r.exitCode !== 0) reasons.push(`${r.cycle.label}: the CLI exited with ${r.exitCode}`);
    else if (r.cycle.kind === 'release' && !r.served) reasons.push(`${r.cycle.label}: the proxy did not answer version ${r.cycle.version} afterwards`);
  }
  return { pass: reasons.length === 0, reasons };
}
