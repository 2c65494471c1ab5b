import type { CanarySettings } from '../domain/canary-settings';
import type { CanaryRecord } from '../domain/canary-record';
import { canaryReport, formatStepTable, type StepOutcome } from '../domain/canary-report';
import type { Color } from '../domain/color';
import type { Plan } from '../domain/plan';
import type { ReleaseFacts } from '../domain/release-facts';
import { FlowFailedError, InterruptedError, messageOf, withContext } from '../errors';
import { abortCanary, canaryFacts, type CanaryAbort } from './canary-end';
import { CanaryStopRequested, watchStep, type WatchedStep } from './canary-window-watch';
import { readFlowState, type FlowState } from './execute';
import type { FlowContext } from './flow-context';
import { runCanaryHook } from './hooks';
import type { LoadedTarget } from './load-target';
import { notifierFor, type Notifier } from './notifier';
import { proxyFlow } from './proxy';

/**
 * `--flow=proxy` with --canary-steps: walks the steps from the colour the proxy routes (old) to the
 * new one. Before the first change the canary is recorded (`docker-flow/<service>/canary`), so status
 * shows it and a killed run is settled later. Each step below 100 sets the weights at runtime, is
 * watched for the interval and judged from the proxy's counters (watchStep); a step that passes is
 * notified (`canary.step`) and the canary_step hook runs (its failure fails the step). The step at
 * 100 is the promotion: the plain route to the new colour, `canary.promoted`. Anything else — a step
 * that fails, too few requests, Ctrl-C/SIGTERM, a rollback asked from another terminal, a failure
 * of the proxy — aborts it (abortCanary) and ends the run: exit 1, or 130 when interrupted.
 */
export async function canaryFlow(ctx: FlowContext, loaded: LoadedTarget, state: FlowState, fresh: Color, old: Color, settings: CanarySettings): Promise<Plan> {
  const release = state.snapshot.releases.find((r) => r.color === fresh && r.result === 'succeeded');
  const now = new Date(ctx.clock.now()).toISOString();
  let record: CanaryRecord = {
    service: loaded.service, release: release?.number ?? state.snapshot.state.nextRelease - 1, color: fresh, previousColor: old, steps: settings.steps,
    step: 1, percent: settings.steps[0] ?? 100, startedAt: now, since: now, who: ctx.who, pid: process.pid,
  };
  const facts = canaryFacts(loaded, record, release?.images[loaded.target]?.image ?? loaded.spec.image, release?.hosts ?? []);
  const notifier = notifierFor(ctx);
  let index = await ctx.store.writeCanary(record, 0, ctx.signal);
  let outcome: StepOutcome = { step: 1, steps: settings.steps, percent: record.percent, old, fresh, verdict: 'started', checks: [] };
  try {
    for (const [i, percent] of settings.steps.entries()) {
      record = { ...record, step: i + 1, percent, since: new Date(ctx.clock.now()).toISOString() };
      outcome = { ...outcome, step: i + 1, percent, verdict: 'started', checks: [] };
      if (i > 0) index = await ctx.store.writeCanary(record, index, ctx.signal);
      if (percent === 100) return await promote(ctx, loaded, fresh, { ...outcome, verdict: 'promoted' }, facts, notifier);
      ctx.progress({ type: 'phase', title: `canary step ${i + 1} of ${settings.steps.length}: ${fresh} ${percent} %, ${old} ${100 - percent} %` });
      await proxyFlow({ ...ctx, options: { ...ctx.options, canaryWeight: percent } }, loaded, await readFlowState(ctx, loaded), fresh);
      const watched = await watchStep(ctx, loaded.service, { old, fresh }, settings);
      outcome = stepOutcome(outcome, watched);
      // the first line carries every figure for JSON logs; the rest is the table for the terminal
      formatStepTable(outcome).forEach((line, i) => ctx.logger.info(line, i === 0 ? { canary: canaryReport(outcome) } : {}));
      if (watched.verdict.kind !== 'passed') throw new CanaryStepFailed(stepFailure(loaded.service, outcome, watched, settings));
      notifier.notify('canary.step', facts, undefined, canaryReport(outcome));
      await runCanaryHook(ctx, 'canary_step', { facts, result: 'succeeded', signal: ctx.signal, canary: canaryReport(outcome) });
    }
    throw new FlowFailedError(`the canary steps of ${loaded.service} end below 100`, { hint: 'end --canary-steps with 100' });
  } catch (error) {
    const abort = abortOf(error, outcome, ctx.signal);
    ctx.progress({ type: 'note', message: `canary of ${loaded.service} aborted (${abort.verdict}): all traffic goes back to ${old}; ${fresh} stops` });
    try {
      await abortCanary(ctx, loaded, record, abort, notifier);
    } catch (undoError) {
      throw withContext(error, { after: `; returning all traffic to ${old} failed too (${messageOf(undoError)}): the next docker-flow run for ${loaded.service}, or proxy watch, settles it` });
    }
    throw ctx.signal.aborted && !(error instanceof InterruptedError) ? new InterruptedError(`interrupted during the canary of ${loaded.service}; all traffic is on ${old} again`, { cause: error }) : error;
  } finally {
    await notifier.settle(ctx.options.notifyTimeoutMs);
  }
}

/** A step that failed its limits, or never had enough requests. */
class CanaryStepFailed extends FlowFailedError {}

async function promote(ctx: FlowContext, loaded: LoadedTarget, fresh: Color, outcome: StepOutcome, facts: ReleaseFacts, notifier: Notifier): Promise<Plan> {
  ctx.progress({ type: 'phase', title: `canary step ${outcome.step} of ${outcome.steps.length}: promote ${fresh} to 100 %` });
  const { canaryWeight: _fixed, ...options } = ctx.options;
  const plan = await proxyFlow({ ...ctx, options }, loaded, await readFlowState(ctx, loaded), fresh);
  await ctx.store.clearCanary(loaded.service, ctx.signal);
  ctx.logger.info(`canary of ${loaded.service} promoted: ${fresh} serves 100 %`, { canary: canaryReport(outcome) });
  notifier.notify('canary.promoted', facts, undefined, canaryReport(outcome));
  await runCanaryHook(ctx, 'canary_promoted', { facts, result: 'succeeded', signal: ctx.signal, canary: canaryReport(outcome) }).catch((error: unknown) => {
    ctx.logger.warn(`canary_promoted hook failed: ${messageOf(error)}`);
  });
  return plan;
}

function stepOutcome(outcome: StepOutcome, watched: WatchedStep): StepOutcome {
  const verdict = watched.verdict.kind === 'too-few' ? 'failed: too few requests' : watched.verdict.kind;
  return {
    ...outcome,
    verdict,
    checks: watched.verdict.kind === 'too-few' ? [] : watched.verdict.checks,
    watchedMs: watched.watchedMs,
    ...(watched.figures === undefined ? {} : { figures: watched.figures }),
  };
}

function stepFailure(service: string, o: StepOutcome, watched: WatchedStep, settings: CanarySettings): string {
  const where = `canary step ${o.step} of ${o.steps.length} of ${service} (${o.fresh} ${o.percent} %)`;
  if (watched.verdict.kind === 'too-few') {
    return `${where} had too little traffic to be judged: ${o.fresh} answered ${watched.verdict.requests} request${watched.verdict.requests === 1 ? '' : 's'} in ${Math.round(watched.watchedMs / 100) / 10} s (${watched.extensions} extension${watched.extensions === 1 ? '' : 's'}), at least ${settings.minRequests} are needed (--canary-min-requests)`;
  }
  const failed = watched.verdict.kind === 'failed' ? watched.verdict.checks.filter((c) => !c.ok).map((c) => `${c.limit}: ${c.seen} (allowed ${c.allowed})`) : [];
  const f = o.figures;
  const figures = f === undefined ? '' : `; ${o.old}: ${f.old.requests} requests, ${f.old.errors} errors; ${o.fresh}: ${f.fresh.requests} requests, ${f.fresh.errors} errors`;
  return `${where} failed: ${failed.join('; ')}${figures}`;
}

function abortOf(error: unknown, outcome: StepOutcome, signal: AbortSignal): CanaryAbort {
  const verdict =
    error instanceof CanaryStepFailed ? (outcome.verdict.startsWith('failed: too few') ? 'too-few' : 'failed')
    : error instanceof CanaryStopRequested ? 'rollback'
    : signal.aborted || error instanceof InterruptedError ? 'interrupted'
    : 'error';
  const message = messageOf(error);
  return { verdict, message, report: canaryReport({ ...outcome, verdict }) };
}
