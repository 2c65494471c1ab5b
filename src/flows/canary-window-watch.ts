import type { ServerStats } from '../apply/serve-proxy';
import type { CanarySettings } from '../domain/canary-settings';
import { windowFigures, type ColorFigures, type SlotReading, type TimedRequest } from '../domain/canary-window';
import type { Color } from '../domain/color';
import { judgeCanaryStep, type CanaryVerdict } from '../domain/judge-canary';
import { FlowFailedError } from '../errors';
import type { FlowContext } from './flow-context';

/** What watching one step gave: the verdict, the window's figures and how long it was watched. */
export interface WatchedStep {
  readonly verdict: CanaryVerdict;
  readonly figures?: { readonly old: ColorFigures; readonly fresh: ColorFigures };
  readonly watchedMs: number;
  readonly extensions: number;
}

/** `docker-flow rollback` asked, from another terminal, to stop the canary. */
export class CanaryStopRequested extends FlowFailedError {}

/**
 * Watches one step: reads every proxy's counters when the step starts, waits the interval (asking
 * the store for an abort request about twice a second), reads them again and judges the deltas.
 * Too few requests extends the window by one more interval, up to --canary-max-extensions, keeping
 * its start; counters that went down (a proxy reloaded) start the window again, which also counts
 * as an extension.
 */
export async function watchStep(ctx: FlowContext, service: string, colors: { readonly old: Color; readonly fresh: Color }, settings: CanarySettings): Promise<WatchedStep> {
  let timed = await TimedWindow.start(ctx, service);
  let baseline = await readSlots(ctx, service);
  let started = ctx.clock.now();
  let extensions = 0;
  for (;;) {
    await waitWatching(ctx, service, started + (extensions + 1) * settings.intervalMs, timed);
    await timed.collect();
    const current = await readSlots(ctx, service);
    const window = windowFigures(baseline, current, colors.old, colors.fresh, timed.requests());
    const watchedMs = ctx.clock.now() - started;
    if (window.kind === 'restarted') {
      if (extensions >= settings.maxExtensions) return { verdict: { kind: 'too-few', requests: 0, minRequests: settings.minRequests }, watchedMs, extensions };
      ctx.progress({ type: 'note', message: `the proxy's counters of ${window.where} went down (a reload restarts them): the step's window starts again` });
      baseline = current;
      timed = await TimedWindow.start(ctx, service);
      started = ctx.clock.now();
      extensions += 1;
      continue;
    }
    const verdict = judgeCanaryStep(window.old, window.fresh, settings);
    if (verdict.kind === 'too-few' && extensions < settings.maxExtensions) {
      extensions += 1;
      ctx.progress({
        type: 'note',
        message: `${colors.fresh} answered ${verdict.requests} request${verdict.requests === 1 ? '' : 's'} of the ${verdict.minRequests} a step needs (--canary-min-requests): extending the step by ${Math.round(settings.intervalMs / 100) / 10} s (${extensions} of ${settings.maxExtensions})`,
      });
      continue;
    }
    return { verdict, figures: { old: window.old, fresh: window.fresh }, watchedMs, extensions };
  }
}

/** Sleeps until `untilMs`, checking for an abort request and reading the proxies' log rings every 500 ms; Ctrl-C ends the wait with an InterruptedError. */
async function waitWatching(ctx: FlowContext, service: string, untilMs: number, timed: TimedWindow): Promise<void> {
  for (;;) {
    await timed.collect();
    const request = await ctx.store.readCanaryAbort(service, ctx.signal);
    if (request !== undefined) {
      throw new CanaryStopRequested(`docker-flow rollback by ${request.who}${request.at === '' ? '' : ` at ${request.at}`} asked to stop the canary of ${service}`, {
        hint: 'the old colour serves all traffic again; see docker-flow status and docker-flow releases',
      });
    }
    const left = untilMs - ctx.clock.now();
    if (left <= 0) return;
    await ctx.clock.sleep(Math.min(500, left), ctx.signal);
  }
}

/** Every proxy's counters of the service's slots, as the judge reads them. */
async function readSlots(ctx: FlowContext, service: string): Promise<readonly SlotReading[]> {
  return (await ctx.proxy().serverStats(service, ctx.signal)).map(slotReading);
}

function slotReading(s: ServerStats): SlotReading {
  return {
    proxy: s.proxy ?? '',
    slot: s.slot,
    ...(s.color === undefined ? {} : { color: s.color }),
    requests: s.requests,
    serverErrors: s.responses['5xx'],
    connectionErrors: s.connectionErrors,
    responseErrors: s.responseErrors,
    averageResponseMs: s.averageMs.response,
  };
}

/**
 * The requests of a window from the proxies' log rings: each read returns the whole ring, so requests
 * are told apart by proxy, worker pid and request counter; those already in the ring when the window
 * started are left out. Read every 500 ms, so a busy ring that wraps loses nothing in between.
 */
class TimedWindow {
  private readonly seen = new Map<string, TimedRequest>();

  private constructor(
    private readonly ctx: FlowContext,
    private readonly service: string,
    private readonly before: ReadonlySet<string>,
  ) {}

  static async start(ctx: FlowContext, service: string): Promise<TimedWindow> {
    const samples = await ctx.proxy().responseSamples(service, ctx.signal);
    return new TimedWindow(ctx, service, new Set(samples.map((s) => `${s.proxy}/${s.id}`)));
  }

  async collect(): Promise<void> {
    for (const s of await this.ctx.proxy().responseSamples(this.service, this.ctx.signal)) {
      const key = `${s.proxy}/${s.id}`;
      if (!this.before.has(key)) this.seen.set(key, { proxy: s.proxy, slot: s.slot, ms: s.ms });
    }
  }

  requests(): readonly TimedRequest[] {
    return [...this.seen.values()];
  }
}
