import type { Color } from './color';

/** One server slot's counters as one proxy reported them (HAProxy `show stat`), with the colour of the instance it holds. */
export interface SlotReading {
  /** Which proxy answered (several proxies: each counts its own requests). */
  readonly proxy: string;
  readonly slot: string;
  /** The colour of the instance in the slot; absent for a free slot or one in maintenance. */
  readonly color?: Color;
  /** req_tot */
  readonly requests: number;
  /** hrsp_5xx */
  readonly serverErrors: number;
  /** econ: connections to the server that failed. */
  readonly connectionErrors: number;
  /** eresp: responses that broke or never came. */
  readonly responseErrors: number;
  /** rtime: HAProxy's average response time of the server over its last 1024 requests, ms. */
  readonly averageResponseMs: number;
}

/** What one colour did during a window: sums over its slots on every proxy. */
export interface ColorFigures {
  readonly requests: number;
  /** 5xx answers + failed connections + broken responses. */
  readonly errors: number;
  /** errors / requests (0..1); 0 without requests. */
  readonly errorRate: number;
  /** Request-weighted mean of the slots' averages; undefined without requests in the window. */
  readonly responseMs: number | undefined;
  /** 99th percentile of the window's logged response times (nearest rank); undefined without logged requests. */
  readonly p99Ms?: number;
  /** Requests of the window in the proxies' log rings (the p99's sample). */
  readonly timedRequests?: number;
}

/** One request of the window as a proxy's log ring holds it. */
export interface TimedRequest {
  readonly proxy: string;
  readonly slot: string;
  readonly ms: number;
}

export type WindowFigures =
  | { readonly kind: 'figures'; readonly old: ColorFigures; readonly fresh: ColorFigures }
  /** A counter went down: a proxy restarted its counters (a reload); the window must start again. */
  | { readonly kind: 'restarted'; readonly where: string };

const keyOf = (r: SlotReading): string => `${r.proxy}/${r.slot}`;

/**
 * The figures of the old and the new colour between two readings (deltas, never totals):
 *   requests    = Σ Δreq_tot
 *   errors      = Σ (Δhrsp_5xx + Δecon + Δeresp)
 *   error rate  = errors / max(requests, errors)        (0 when both are 0)
 *   p99 ms      = nearest-rank 99th percentile of the window's logged %Tr (`timed`)
 *   mean ms     = Σ (rtime × Δreq_tot) / Σ Δreq_tot      over the slots with requests in the window (when nothing was logged)
 * summed over every proxy. A slot counts for the colour it holds at the end of the window.
 */
export function windowFigures(baseline: readonly SlotReading[], current: readonly SlotReading[], old: Color, fresh: Color, timed: readonly TimedRequest[] = []): WindowFigures {
  const before = new Map(baseline.map((r) => [keyOf(r), r]));
  const sums = new Map<Color, { requests: number; errors: number; weightedMs: number }>([[old, { requests: 0, errors: 0, weightedMs: 0 }], [fresh, { requests: 0, errors: 0, weightedMs: 0 }]]);
  for (const now of current) {
    const then = before.get(keyOf(now));
    const delta = (pick: (r: SlotReading) => number): number => pick(now) - (then === undefined ? 0 : pick(then));
    const requests = delta((r) => r.requests);
    const errors = [delta((r) => r.serverErrors), delta((r) => r.connectionErrors), delta((r) => r.responseErrors)];
    if (requests < 0 || errors.some((e) => e < 0)) return { kind: 'restarted', where: keyOf(now) };
    const sum = now.color === undefined ? undefined : sums.get(now.color);
    if (sum === undefined) continue;
    sum.requests += requests;
    sum.errors += errors.reduce((a, b) => a + b, 0);
    sum.weightedMs += now.averageResponseMs * requests;
  }
  const colorOf = new Map<string, Color>();
  for (const r of current) if (r.color !== undefined) colorOf.set(keyOf(r), r.color);
  const times = new Map<Color, number[]>([[old, []], [fresh, []]]);
  for (const t of timed) {
    const color = colorOf.get(`${t.proxy}/${t.slot}`);
    if (color !== undefined) times.get(color)?.push(t.ms);
  }
  const figures = (color: Color): ColorFigures => {
    const sum = sums.get(color) ?? { requests: 0, errors: 0, weightedMs: 0 };
    const denominator = Math.max(sum.requests, sum.errors);
    const ms = times.get(color) ?? [];
    const p99 = percentile(ms, 99);
    return {
      requests: sum.requests,
      errors: sum.errors,
      errorRate: denominator === 0 ? 0 : sum.errors / denominator,
      responseMs: sum.requests === 0 ? undefined : sum.weightedMs / sum.requests,
      ...(p99 === undefined ? {} : { p99Ms: p99, timedRequests: ms.length }),
    };
  };
  return { kind: 'figures', old: figures(old), fresh: figures(fresh) };
}

/** The nearest-rank percentile: the smallest value with at least `p` % of the values at or below it; undefined for none. */
export function percentile(values: readonly number[], p: number): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)];
}
