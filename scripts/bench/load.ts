import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { ConfigError } from '../../src/errors';
import { checkLoadUrl } from './load-url';
import { LoadTally } from './load-tally';
import type { LoadReport, LoadStop } from './load-tally';
import type { LoadTimeline } from './load-timeline';
import { sendRequest } from './send-request';

export type { FailureSample, LoadReport } from './load-tally';

export interface LoadOptions {
  /** http:// on 127.0.0.0/8 or 10.77.0.0/24 only (the network rule); anything else throws. */
  readonly url: string;
  /** Requests started per second whatever the answers do (open loop). */
  readonly ratePerSec: number;
  /** Sending stops at this time... */
  readonly durationMs: number;
  /** ...or after this many requests, whichever comes first. */
  readonly maxRequests: number;
  /** A request without its complete answer after this long counts as a timeout. */
  readonly timeoutMs: number;
  /** Keep-alive sockets at most; requests beyond wait for a free one (counted in their latency). */
  readonly connections: number;
  /** Stops sending at once; requests in flight still finish (each within timeoutMs). */
  readonly signal?: AbortSignal;
  /** Class of a 2xx body for the histogram (default: its first line). */
  readonly classify?: (body: string) => string;
  /** Marked events; runLoad reports when each one's expected class first came through. */
  readonly timeline?: LoadTimeline;
}

export const firstLine = (body: string): string => (body.split('\n', 1)[0] ?? '').trim().slice(0, 80);

/**
 * An open-loop, bounded load generator over node:http keep-alive sockets: request i starts at
 * i / ratePerSec seconds, so a slow answer never delays the next request. Resolves once sending
 * has stopped (durationMs, maxRequests or the signal) and every request in flight has ended.
 */
export async function runLoad(options: LoadOptions): Promise<LoadReport> {
  const url = checkLoadUrl(options.url);
  checkPositive(options);
  const classify = options.classify ?? firstLine;
  const inDuration = Math.ceil((options.durationMs * options.ratePerSec) / 1000);
  const planned = Math.min(options.maxRequests, inDuration);
  const intervalMs = 1000 / options.ratePerSec;
  const agent = new http.Agent({ keepAlive: true, maxSockets: options.connections, scheduling: 'fifo' });
  const inFlight = new Set<Promise<void>>();
  const start = performance.now();
  const tally = new LoadTally(start);
  options.timeline?.start(start);
  let sent = 0;
  let lastEnd = start;
  let maxLag = 0;

  const fire = (): void => {
    const done = sendRequest(url, agent, options.timeoutMs).then((outcome) => {
      lastEnd = Math.max(lastEnd, outcome.endedAt);
      if (outcome.kind === 'timeout') tally.timeout(outcome.startedAt);
      else if (outcome.kind === 'connection') tally.connection(outcome.code, outcome.startedAt);
      else if (outcome.status < 200 || outcome.status > 299) tally.status(outcome.status, outcome.startedAt);
      else {
        const bodyClass = classify(outcome.body);
        tally.ok(outcome.latencyMs, bodyClass);
        options.timeline?.observe(bodyClass, outcome.endedAt);
      }
      inFlight.delete(done);
    });
    inFlight.add(done);
  };

  const stoppedBy = await new Promise<LoadStop>((resolve) => {
    const tick = (): void => {
      if (options.signal?.aborted === true || sent >= planned) {
        clearInterval(timer);
        options.signal?.removeEventListener('abort', tick);
        if (sent < planned) resolve('signal');
        else resolve(planned < inDuration ? 'maxRequests' : 'duration');
        return;
      }
      const now = performance.now();
      const due = Math.min(planned, Math.floor((now - start) / intervalMs) + 1);
      for (; sent < due; sent += 1) {
        maxLag = Math.max(maxLag, now - (start + sent * intervalMs));
        fire();
      }
    };
    const timer = setInterval(tick, Math.max(1, Math.min(10, intervalMs)));
    options.signal?.addEventListener('abort', tick, { once: true });
    tick();
  });
  while (inFlight.size > 0) await Promise.all([...inFlight]);
  agent.destroy();
  return tally.report({
    url: url.href,
    stoppedBy,
    elapsedMs: sent === 0 ? 0 : lastEnd - start,
    requestedRatePerSec: options.ratePerSec,
    maxScheduleLagMs: maxLag,
    timeline: options.timeline?.entries() ?? [],
  });
}

function checkPositive(options: LoadOptions): void {
  for (const key of ['ratePerSec', 'durationMs', 'maxRequests', 'timeoutMs', 'connections'] as const) {
    const value = options[key];
    if (!Number.isFinite(value) || value <= 0) {
      throw new ConfigError(key, `must be a positive number, got ${value}`, { hint: `pass a ${key} above 0` });
    }
  }
}
