import type { ServerStats } from '../apply/serve-proxy';
import type { CanarySettings } from '../domain/canary-settings';
import { windowFigures, type ColorFigures, type SlotReading } from '../domain/canary-window';
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
  let baseline = await readSlots(ctx, service);
  let started = ctx.clock.now();
  let extensions = 0;
  for (;;) {
    await waitWatching(ctx, service, started + (extensions + 1) * settings.intervalMs);
    const current = await readSlots(ctx, service);
    const window = windowFigures(baseline, current, colors.old, colors.fresh);
    const watchedMs = ctx.clock.now() - started;
    if (window.kind === 'restarted') {
      if (extensions >= settings.maxExtensions) return { verdict: { kind: 'too-few', requests: 0, minRequests: settings.minRequests }, watchedMs, extensions };
      ctx.progress({ type: 'note', message: `the proxy's counters of ${window.where} went down (a reload restarts them): the step's window starts again` });
      baseline = current;
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

/** Sleeps until `untilMs`, checking for an abort request every 500 ms; Ctrl-C ends the wait with an InterruptedError. */
async function waitWatching(ctx: FlowContext, service: string, untilMs: number): Promise<void> {
  for (;;) {
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
