import { routedPort } from '../domain/container-spec';
import type { CanaryRecord } from '../domain/canary-record';
import type { CanaryReport } from '../domain/notification';
import { planCanaryAbort } from '../domain/plan-canary-abort';
import type { ReleaseFacts } from '../domain/release-facts';
import { messageOf } from '../errors';
import { readFlowState, runPlan } from './execute';
import type { FlowContext } from './flow-context';
import { runCanaryHook } from './hooks';
import type { LoadedTarget } from './load-target';
import type { Notifier } from './notifier';

/** Why a canary ends without promotion, and the figures of the step it ended in. */
export interface CanaryAbort {
  /** failed, too-few, interrupted, rollback, abandoned, error */
  readonly verdict: string;
  readonly message: string;
  readonly report: CanaryReport;
}

/** How long putting the old colour back may take once the run was interrupted (Ctrl-C must not cancel it). */
const undoTimeoutMs = 120_000;

/**
 * Puts a canary back: all traffic to the old colour, the canary's instances drained and stopped, the
 * old colour recorded as live, the release recorded `aborted` with the figures, the canary record
 * removed; then `canary.aborted` is notified and the canary_aborted hook runs (its failure only
 * warns). Runs on a signal of its own, so an interrupted run still completes it.
 */
export async function abortCanary(locked: FlowContext, loaded: LoadedTarget, record: CanaryRecord, abort: CanaryAbort, notifier: Notifier): Promise<void> {
  const ctx: FlowContext = { ...locked, signal: AbortSignal.timeout(undoTimeoutMs) };
  const state = await readFlowState(ctx, loaded);
  const port = routedPort(loaded.spec);
  const paths = state.snapshot.route?.paths ?? [];
  if (port !== undefined && paths.length > 0) {
    const plan = planCanaryAbort({
      service: loaded.service, project: loaded.project, target: loaded.target, spec: loaded.spec, view: state.view, stored: state.snapshot.state,
      old: record.previousColor, fresh: record.color, paths, port, drainMs: ctx.options.drainMs, why: abort.verdict === 'failed' ? `step ${record.step} failed` : abort.verdict,
    });
    await runPlan({ ...ctx, options: { ...ctx.options, dryRun: false } }, loaded, plan, state.snapshot);
  }
  const release = state.snapshot.releases.find((r) => r.number === record.release);
  if (release !== undefined) {
    await ctx.store.writeRelease({ ...release, result: 'aborted', finishedAt: new Date(ctx.clock.now()).toISOString(), error: abort.message }, ctx.signal);
  }
  await ctx.store.clearCanary(loaded.service, ctx.signal);
  const facts = canaryFacts(loaded, record, release?.images[loaded.target]?.image ?? loaded.spec.image, release?.hosts ?? []);
  notifier.notify('canary.aborted', facts, abort.message, abort.report);
  await runCanaryHook(ctx, 'canary_aborted', { facts, result: 'failed', error: abort.message, signal: ctx.signal, canary: abort.report }).catch((error: unknown) => {
    ctx.logger.warn(`canary_aborted hook failed: ${messageOf(error)}`);
  });
}

/** What hooks and notifications are told about a canary's release. */
export function canaryFacts(loaded: LoadedTarget, record: Pick<CanaryRecord, 'release' | 'color' | 'previousColor'>, image: string, hosts: readonly string[]): ReleaseFacts {
  return {
    service: loaded.service, project: loaded.project, target: loaded.target, release: record.release,
    color: record.color, previousColor: record.previousColor, image, hosts: [...hosts].sort(),
  };
}
