import { routedPort } from '../domain/container-spec';
import { runEffects } from '../apply/run-effects';
import { describePlan } from '../domain/plan';
import { planRollback, type RollbackDecision } from '../domain/plan-rollback';
import type { ReleaseRecord } from '../domain/records';
import { planRollbackEffects, withoutRecord, type EffectPhase } from '../domain/release-effects';
import type { ReleaseFacts } from '../domain/release-facts';
import { notifierFor } from './notifier';
import { deployFlow } from './deploy';
import { readFlowState, runPlan, type FlowState } from './execute';
import { underLock } from './while-locked';
import { settleInterruptedSwitch } from './settle-interrupted-switch';
import type { FlowContext } from './flow-context';
import { loadTarget, type LoadedTarget } from './load-target';
import { proxyFlow } from './proxy';
import { stopOldFlow } from './stop-old';
import { rollbackCanary } from './rollback-canary';
import { effectRunner } from './release-effects';

/**
 * `docker-flow rollback [--to N]`: back to the previous release (or release N). When the kept
 * (stopped) colour holds it, its instances are started, health-checked, routed to and the current
 * colour stopped — seconds. Otherwise release N's image is deployed again as a new release. The
 * release rolled away from is marked `rolled-back`, and a rollback record stands for the release
 * it restored, so a second rollback goes further back instead of bouncing to the bad release.
 */
export async function rollbackFlow(unlocked: FlowContext, to: number | undefined): Promise<void> {
  const loaded = await loadTarget(unlocked);
  const state = await readFlowState(unlocked, loaded);
  if (state.snapshot.canary !== undefined && !unlocked.options.dryRun) {
    await rollbackCanary(unlocked, loaded, state.snapshot.canary);
    return;
  }
  const port = routedPort(loaded.spec);
  const o = unlocked.options;
  const decision = planRollback({
    project: loaded.project, target: loaded.target, service: loaded.service, spec: loaded.spec, blueGreen: o.blueGreen,
    view: state.view, stored: state.snapshot.state, releases: state.snapshot.releases,
    ...(to === undefined ? {} : { to }), ...(port === undefined ? {} : { routedPort: port }),
    healthTimeoutMs: o.healthTimeoutMs, settleMs: o.settleMs, drainMs: o.drainMs,
  });
  const from = decision.from !== undefined && decision.from.number !== decision.to.number ? decision.from : undefined;
  const effects = planRollbackEffects({
    service: loaded.service,
    ...(decision.kind === 'restart' ? { release: state.snapshot.state.nextRelease } : {}),
    ...(from === undefined ? {} : { from: from.number }),
    webhooks: o.notifyWebhooks.length,
  });
  if (o.dryRun) {
    if (decision.kind === 'restart') {
      const prepare = describePlan({ ...decision.prepare, effects: { before: effects.before, after: [], failure: [] } });
      const switchOver = describePlan({ ...decision.switchOver, effects: { before: [], after: effects.after, failure: effects.failure } });
      for (const line of [...prepare, ...switchOver]) unlocked.print(line);
    } else unlocked.print(`rollback ${loaded.service}: the containers of release ${decision.to.number} are gone; it would deploy ${decision.image} again as a new release`);
    unlocked.print('dry run: nothing was changed');
    return;
  }
  const facts: ReleaseFacts = {
    service: loaded.service, project: loaded.project, target: loaded.target,
    release: decision.to.number,
    ...(decision.kind === 'restart' ? { color: decision.color } : {}),
    ...(state.snapshot.state.color === undefined ? {} : { previousColor: state.snapshot.state.color }),
    image: decision.kind === 'restart' ? (decision.to.images[loaded.target]?.image ?? loaded.spec.image) : decision.image,
    hosts: state.view.hosts.map((h) => h.name).sort(),
  };
  await underLock(unlocked, loaded.service, 'rollback', async (ctx) => {
    const notifier = notifierFor(ctx);
    // a redeploy records itself (it is a deploy); a restart has a record of its own
    const record = decision.kind === 'restart' ? { record: rollbackRecord(ctx, loaded, state, decision) } : {};
    const effectRun = effectRunner(ctx, { ...record, facts, notifier, ...(from === undefined ? {} : { rolledBack: from }) });
    const run = (phases: readonly EffectPhase[], signal: AbortSignal): Promise<void> => runEffects(phases, { run: effectRun.run, progress: ctx.progress, clock: ctx.clock, signal });
    try {
      try {
        await run(effects.before, ctx.signal);
        await settleInterruptedSwitch(ctx, state.snapshot);
        if (decision.kind === 'restart') {
          await runPlan(ctx, loaded, decision.prepare, state.snapshot);
          await runPlan(ctx, loaded, decision.switchOver, state.snapshot);
        } else await redeploy(ctx, loaded, state, decision.image, decision.to.number);
      } catch (error) {
        effectRun.failed(error);
        await run(effectRun.recorded() ? effects.failure : withoutRecord(effects.failure), new AbortController().signal);
        throw error;
      }
      // the restored release is live: everything after is best effort
      await run(effects.after, ctx.signal);
    } finally {
      await notifier.settle(o.notifyTimeoutMs);
    }
  });
}

/** The record of a rollback that restarts the kept containers of release `d.to`: a release of its own pointing at it. */
function rollbackRecord(ctx: FlowContext, loaded: LoadedTarget, state: FlowState, d: Extract<RollbackDecision, { kind: 'restart' }>): ReleaseRecord {
  return {
    number: state.snapshot.state.nextRelease,
    service: loaded.service,
    startedAt: new Date(ctx.clock.now()).toISOString(),
    who: ctx.who,
    color: d.color,
    ...(state.snapshot.state.color === undefined ? {} : { previousColor: state.snapshot.state.color }),
    scale: d.prepare.phases.flatMap((p) => p.steps).filter((s) => s.kind === 'wait-healthy').length,
    images: d.to.images,
    configHash: d.to.configHash,
    hosts: state.view.hosts.map((h) => h.name),
    result: 'in-progress',
    rollbackTo: d.to.number,
  };
}

/** The kept containers are gone: deploy the old image as a new release (then switch and stop the bad one). */
async function redeploy(ctx: FlowContext, loaded: LoadedTarget, state: FlowState, image: string, restored: number): Promise<void> {
  const spec = { ...loaded.spec, image };
  const withImage: LoadedTarget = { ...loaded, spec, model: { ...loaded.model, services: { ...loaded.model.services, [loaded.target]: spec } } };
  // gathered again with the old image, so its presence on each host is known (no needless pull)
  const plan = await deployFlow(ctx, withImage, { ...state, view: (await readFlowState(ctx, withImage)).view });
  let fresh = await readFlowState(ctx, withImage);
  if (fresh.snapshot.state.routedPaths !== undefined) {
    await proxyFlow(ctx, withImage, fresh, plan.color);
    fresh = await readFlowState(ctx, withImage);
  }
  if (ctx.options.blueGreen) await stopOldFlow(ctx, withImage, fresh, plan.color);
  const record = fresh.snapshot.releases.find((r) => r.number === plan.release);
  if (record !== undefined) await ctx.store.writeRelease({ ...record, rollbackTo: restored }, ctx.signal);
}
