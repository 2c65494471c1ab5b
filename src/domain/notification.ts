import type { ReleaseFacts } from './release-facts';

export const notificationEvents = [
  'deploy.started', 'deploy.succeeded', 'deploy.failed', 'rollback.started', 'rollback.succeeded', 'rollback.failed',
  'canary.step', 'canary.promoted', 'canary.aborted',
] as const;
export type NotificationEvent = (typeof notificationEvents)[number];

/** The JSON body POSTed to each webhook. Every field is always present (null when unknown). */
export interface NotificationPayload {
  readonly event: NotificationEvent;
  readonly service: string;
  readonly project: string;
  readonly target: string;
  readonly release: number;
  readonly color: string | null;
  readonly previousColor: string | null;
  readonly image: string;
  readonly hosts: readonly string[];
  /** `started`, `succeeded` or `failed`: the part of the event after the dot. */
  readonly result: 'started' | 'succeeded' | 'failed';
  readonly error: string | null;
  /** ISO 8601 time the event happened. */
  readonly time: string;
  /** canary.* events only: the step and the figures it was judged by. */
  readonly canary?: CanaryReport;
}

/** One colour's figures in a step: error rate in %, mean (HAProxy's averages) and p99 (the proxies' logs) in ms. */
export interface CanaryColorFigures {
  readonly color: string;
  readonly requests: number;
  readonly errors: number;
  readonly errorRate: number;
  readonly responseMs: number | null;
  readonly p99Ms: number | null;
  readonly timedRequests: number;
}

/** What canary events tell: the step, the traffic share, each colour's figures and the verdict. */
export interface CanaryReport {
  /** 1-based step, of `steps.length`. */
  readonly step: number;
  readonly steps: readonly number[];
  readonly percent: number;
  /** passed, failed, too-few (not enough requests after every extension), promoted, interrupted, rollback, abandoned. */
  readonly verdict: string;
  readonly old: CanaryColorFigures | null;
  readonly new: CanaryColorFigures | null;
  /** Each limit: what it allowed, what the new colour did. */
  readonly checks: readonly { readonly limit: string; readonly allowed: string; readonly seen: string; readonly ok: boolean }[];
}

export function notificationPayload(event: NotificationEvent, facts: ReleaseFacts, timeIso: string, error?: string, canary?: CanaryReport): NotificationPayload {
  return {
    event,
    service: facts.service,
    project: facts.project,
    target: facts.target,
    release: facts.release,
    color: facts.color ?? null,
    previousColor: facts.previousColor ?? null,
    image: facts.image,
    hosts: [...facts.hosts],
    result: resultOf(event),
    error: error ?? null,
    time: timeIso,
    ...(canary === undefined ? {} : { canary }),
  };
}

function resultOf(event: NotificationEvent): NotificationPayload['result'] {
  if (event.endsWith('.started')) return 'started';
  return event.endsWith('.succeeded') || event === 'canary.step' || event === 'canary.promoted' ? 'succeeded' : 'failed';
}

/** Pause before retry `attempt` (0 = the first retry): 500 ms, 1 s, 2 s, ... at most 8 s. */
export function retryDelayMs(attempt: number): number {
  return Math.min(8000, 500 * 2 ** Math.max(0, attempt));
}

/**
 * A webhook URL as it may appear in logs and messages: scheme and host only (paths, queries and
 * user info often hold tokens). Not a URL: a fixed placeholder.
 */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}`;
  } catch {
    return '(a webhook URL that is not valid)';
  }
}

/** Webhooks are http:// or https:// URLs with a host. */
export function isWebhookUrl(value: string): boolean {
  try {
    const parsed = new URL(value);
    return (parsed.protocol === 'http:' || parsed.protocol === 'https:') && parsed.hostname !== '';
  } catch {
    return false;
  }
}
