import type { ColorFigures } from './canary-window';
import type { Color } from './color';
import { msText, percentText, type CanaryVerdict } from './judge-canary';
import type { CanaryReport } from './notification';

/** One judged (or stopped) step, as events, hooks, logs and the table tell it. */
export interface StepOutcome {
  readonly step: number;
  readonly steps: readonly number[];
  readonly percent: number;
  readonly old: Color;
  readonly fresh: Color;
  /** Absent when the step ended before any figures were read (promotion, an interruption at once). */
  readonly figures?: { readonly old: ColorFigures; readonly fresh: ColorFigures };
  readonly verdict: string;
  readonly checks: Extract<CanaryVerdict, { kind: 'passed' }>['checks'];
  /** How long the step was watched, ms. */
  readonly watchedMs?: number;
}

export function canaryReport(o: StepOutcome): CanaryReport {
  const side = (color: Color, f: ColorFigures | undefined): CanaryReport['old'] =>
    f === undefined ? null : {
      color, requests: f.requests, errors: f.errors, errorRate: round(f.errorRate * 100),
      responseMs: f.responseMs === undefined ? null : round(f.responseMs), p99Ms: f.p99Ms ?? null, timedRequests: f.timedRequests ?? 0,
    };
  return {
    step: o.step,
    steps: o.steps,
    percent: o.percent,
    verdict: o.verdict,
    old: side(o.old, o.figures?.old),
    new: side(o.fresh, o.figures?.fresh),
    checks: o.checks.map((c) => ({ limit: c.limit, allowed: c.allowed, seen: c.seen, ok: c.ok })),
  };
}

/**
 * The table printed after each step:
 *   canary step 1 of 4 (green 10 %, watched 2 s): failed
 *     colour  weight  requests  errors         response time
 *     blue    90 %    912       0 (0.00 %)     p99 9 ms, mean 2 ms
 *     green   10 %    98        21 (21.43 %)   p99 8 ms, mean 2 ms
 *     error rate ≤ 1%: 21.43 % (allowed 1.00 %) FAILED
 */
export function formatStepTable(o: StepOutcome): readonly string[] {
  const watched = o.watchedMs === undefined ? '' : `, watched ${Math.round(o.watchedMs / 100) / 10} s`;
  const lines = [`canary step ${o.step} of ${o.steps.length} (${o.fresh} ${o.percent} %${watched}): ${o.verdict}`];
  if (o.figures !== undefined) {
    const time = (f: ColorFigures): string => (f.p99Ms === undefined ? `mean ${msText(f.responseMs)}` : `p99 ${msText(f.p99Ms)}, mean ${msText(f.responseMs)}`);
    const row = (color: Color, weight: number, f: ColorFigures): string[] => [color, `${weight} %`, String(f.requests), `${f.errors} (${percentText(f.errorRate * 100)})`, time(f)];
    const rows = [['colour', 'weight', 'requests', 'errors', 'response time'], row(o.old, 100 - o.percent, o.figures.old), row(o.fresh, o.percent, o.figures.fresh)];
    const widths = rows.reduce<number[]>((w, r) => r.map((cell, i) => Math.max(w[i] ?? 0, cell.length)), []);
    lines.push(...rows.map((r) => `  ${r.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join('  ').trimEnd()}`));
  }
  for (const c of o.checks) lines.push(`  ${c.limit}: ${c.seen} (allowed ${c.allowed}) ${c.ok ? 'ok' : 'FAILED'}`);
  return lines;
}

/** The DOCKER_FLOW_CANARY_* variables of a canary hook (canary_step, canary_promoted, canary_aborted). */
export function canaryEnvironment(report: CanaryReport): Readonly<Record<string, string>> {
  return {
    DOCKER_FLOW_CANARY_STEP: String(report.step),
    DOCKER_FLOW_CANARY_STEPS: report.steps.join(','),
    DOCKER_FLOW_CANARY_PERCENT: String(report.percent),
    DOCKER_FLOW_CANARY_VERDICT: report.verdict,
    DOCKER_FLOW_CANARY_REPORT: JSON.stringify(report),
  };
}

const round = (value: number): number => Math.round(value * 100) / 100;
