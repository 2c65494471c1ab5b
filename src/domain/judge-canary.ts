import { describeErrorRateLimit, describeResponseTimeLimit, relativeFloorMs, type CanarySettings } from './canary-settings';
import type { ColorFigures } from './canary-window';

/** One limit applied to a step: what it allowed and what the new colour did. */
export interface CanaryCheck {
  /** `error rate ≤ 1%`, `response time ≤ 2x`. */
  readonly limit: string;
  /** The new colour's figure: `21.43 %`, `212 ms`. */
  readonly seen: string;
  /** What the limit allowed in this window: `1 %`, `40 ms` (a relative limit is worked out from the old colour). */
  readonly allowed: string;
  readonly ok: boolean;
}

export type CanaryVerdict =
  | { readonly kind: 'passed'; readonly checks: readonly CanaryCheck[]; readonly notes: readonly string[] }
  | { readonly kind: 'failed'; readonly checks: readonly CanaryCheck[]; readonly notes: readonly string[] }
  /** The new colour answered fewer requests than --canary-min-requests. */
  | { readonly kind: 'too-few'; readonly requests: number; readonly minRequests: number };

type Limits = Pick<CanarySettings, 'minRequests' | 'maxErrorRate' | 'maxResponseTime'>;

/**
 * Judges one step from the window's figures (pure). Too few requests for the new colour: `too-few`.
 * Else every limit must hold:
 *   `N%`   new error rate ≤ N %
 *   `+N%`  new error rate ≤ old error rate + N percentage points (old without requests counts as 0 %)
 *   `Tms`  new response time ≤ T
 *   `Fx`   new response time ≤ max(F × old, old + 20 ms); not applied (said in a note) when the old
 *          colour had no request in the window, so there is nothing to compare with
 * The response time is the p99 of the logged requests when the new colour has any, else the mean.
 */
export function judgeCanaryStep(old: ColorFigures, fresh: ColorFigures, limits: Limits): CanaryVerdict {
  if (fresh.requests < limits.minRequests) return { kind: 'too-few', requests: fresh.requests, minRequests: limits.minRequests };
  const checks: CanaryCheck[] = [];
  const notes: string[] = [];
  const rate = fresh.errorRate * 100;
  for (const limit of limits.maxErrorRate) {
    const allowed = limit.kind === 'absolute' ? limit.percent : (old.requests === 0 ? 0 : old.errorRate * 100) + limit.points;
    checks.push({ limit: `error rate ≤ ${describeErrorRateLimit(limit)}`, seen: percentText(rate), allowed: percentText(allowed), ok: rate <= allowed + 1e-9 });
  }
  // p99 from the proxies' logs when the new colour's requests were logged (and, for a relative limit, the old colour's too); else HAProxy's averages
  const p99 = fresh.p99Ms !== undefined;
  const seenMs = (p99 ? fresh.p99Ms : fresh.responseMs) ?? 0;
  const oldMs = p99 ? old.p99Ms : old.responseMs;
  const what = p99 ? 'response time (p99)' : 'response time (mean)';
  for (const limit of limits.maxResponseTime) {
    if (limit.kind === 'times-old' && oldMs === undefined) {
      notes.push(`${what} ≤ ${describeResponseTimeLimit(limit)} not applied: the old colour answered no request in this window`);
      continue;
    }
    const allowed = limit.kind === 'absolute' ? limit.ms : Math.max(limit.factor * (oldMs ?? 0), (oldMs ?? 0) + relativeFloorMs);
    checks.push({ limit: `${what} ≤ ${describeResponseTimeLimit(limit)}`, seen: msText(seenMs), allowed: msText(allowed), ok: seenMs <= allowed });
  }
  return { kind: checks.every((c) => c.ok) ? 'passed' : 'failed', checks, notes };
}

export function percentText(value: number): string {
  return `${(Math.round(value * 100) / 100).toFixed(2)} %`;
}

export function msText(value: number | undefined): string {
  return value === undefined ? '-' : `${Math.round(value * 10) / 10} ms`;
}
