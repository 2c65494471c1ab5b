/**
 * What a progressive (stepped) canary release is told: the steps of traffic to the new colour, how
 * long each is watched, and the limits it is judged by. Parsed from the options (see config/),
 * judged by judgeCanaryStep.
 */
export interface CanarySettings {
  /** Percent of requests to the new colour at each step, increasing; the last is 100 (the promotion). */
  readonly steps: readonly number[];
  /** How long each step is watched before it is judged. */
  readonly intervalMs: number;
  /** Requests the new colour must have answered in a step before the step can be judged. */
  readonly minRequests: number;
  /** Extra intervals a step gets when it has too few requests; then the canary fails. */
  readonly maxExtensions: number;
  /** Every limit must hold. */
  readonly maxErrorRate: readonly ErrorRateLimit[];
  /** Every limit must hold. */
  readonly maxResponseTime: readonly ResponseTimeLimit[];
}

/** `1%`: the new colour's error rate at most 1 %; `+1%`: at most the old colour's plus 1 percentage point. */
export type ErrorRateLimit = { readonly kind: 'absolute'; readonly percent: number } | { readonly kind: 'above-old'; readonly points: number };

/** `300ms`: the new colour's response time at most 300 ms; `2x`: at most twice the old colour's (see relativeFloorMs). */
export type ResponseTimeLimit = { readonly kind: 'absolute'; readonly ms: number } | { readonly kind: 'times-old'; readonly factor: number };

/**
 * A relative response-time limit never allows less than the old colour's time plus this: HAProxy's
 * times are whole milliseconds and averages of a few ms differ by more than 2x between two healthy
 * colours, so `2x` of a 1 ms old colour would fail a healthy 3 ms new one.
 */
export const relativeFloorMs = 20;

export const errorRateAccepts = 'a percentage of requests, at most 100: 1% (the new colour\'s error rate), or +1% (at most the old colour\'s plus 1 percentage point)';
export const responseTimeAccepts = 'a duration (300ms, 1s): the new colour\'s response time, or a factor of the old colour\'s (2x, 1.5x)';
export const stepsAccepts = 'whole percentages from 1 to 100, increasing, the last one 100 (the promotion), e.g. 10,25,50,100';

/** Parses `1%` / `+0.5%`; undefined when the text is neither (or negative, or above 100). */
export function parseErrorRateLimit(text: string): ErrorRateLimit | undefined {
  const match = /^(\+?)(\d+(?:\.\d+)?)\s*%$/.exec(text.trim());
  if (match === null) return undefined;
  const value = Number(match[2]);
  if (!Number.isFinite(value) || value > 100) return undefined;
  return match[1] === '+' ? { kind: 'above-old', points: value } : { kind: 'absolute', percent: value };
}

/** Parses `300ms`, `1s`, `1.5s` / `2x`; undefined otherwise (a factor must be at least 1). */
export function parseResponseTimeLimit(text: string): ResponseTimeLimit | undefined {
  const trimmed = text.trim();
  const factor = /^(\d+(?:\.\d+)?)x$/.exec(trimmed);
  if (factor !== null) {
    const value = Number(factor[1]);
    return value >= 1 ? { kind: 'times-old', factor: value } : undefined;
  }
  const duration = /^(\d+(?:\.\d+)?)(ms|s)$/.exec(trimmed);
  if (duration === null) return undefined;
  const ms = Number(duration[1]) * (duration[2] === 's' ? 1000 : 1);
  return ms >= 1 ? { kind: 'absolute', ms: Math.round(ms) } : undefined;
}

/** A step as written: a whole number 1..100. */
export function parseStep(text: string): number | undefined {
  const trimmed = text.trim().replace(/%$/, '');
  if (!/^\d+$/.test(trimmed)) return undefined;
  const value = Number(trimmed);
  return value >= 1 && value <= 100 ? value : undefined;
}

/** What is wrong with a list of steps as a whole (each one already parsed), or undefined. */
export function stepsProblem(steps: readonly number[]): string | undefined {
  for (let i = 1; i < steps.length; i += 1) {
    const before = steps[i - 1] ?? 0;
    const here = steps[i] ?? 0;
    if (here <= before) return `the steps must increase: ${here} comes after ${before}`;
  }
  if (steps.length > 0 && steps[steps.length - 1] !== 100) return `the last step must be 100 (the promotion); found ${steps.join(',')}`;
  return undefined;
}

export function describeErrorRateLimit(limit: ErrorRateLimit): string {
  return limit.kind === 'absolute' ? `${limit.percent}%` : `+${limit.points}%`;
}

export function describeResponseTimeLimit(limit: ResponseTimeLimit): string {
  return limit.kind === 'absolute' ? `${limit.ms}ms` : `${limit.factor}x`;
}
