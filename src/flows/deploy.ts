import { runEffects } from '../apply/run-effects';
import type { EffectPhase } from '../domain/release-effects';
import { repositoryOf } from '../domain/image-retention';
import { flowLabel } from '../domain/labels';
import { planDeploy, type DeployPlan } from '../domain/plan-deploy';
import { planReleaseEffects, withoutRecord } from '../domain/release-effects';
import type { ReleaseFacts } from '../domain/release-facts';
import { withContext } from '../errors';
import { applyPlan, runPlan, targetPlanInput, type FlowState } from './execute';
import type { FlowContext } from './flow-context';
import type { LoadedTarget } from './load-target';
import { notifierFor } from './notifier';
import { deploySubject, effectRunner } from './release-effects';

/**
 * `--flow=deploy`: plan the release (next colour beside the live one, or rolling) and its effects,
 * then run them in order: notify "started" → before_deploy hook → record the release in progress →
 * the release (release command, new instances, health gate, commit) → record it succeeded → notify
 * "succeeded" → image retention → after_deploy hook. A failure before the commit leaves the old
 * release live; it is recorded and notified as "failed" and the on_failure hook runs. After the
 * commit the release stands: the record, notifications and retention are best effort, and an
 * after_deploy failure exits 1 but keeps the healthy release. With --dry-run the plan, effects
 * included, is printed and nothing runs.
 */
export async function deployFlow(ctx: FlowContext, loaded: LoadedTarget, state: FlowState): Promise<DeployPlan> {
  const o = ctx.options;
  const release = planDeploy({
    ...targetPlanInput(ctx, loaded, state),
    sideTargets: o.sideTargets,
    ...(o.scale === undefined ? {} : { scale: o.scale }),
    pullSideTargets: o.pullSideTargets,
    ...(o.releaseCommand === undefined ? {} : { releaseCommand: { argv: o.releaseCommand, timeoutMs: o.releaseCommandTimeoutMs } }),
  });
  const effects = planReleaseEffects({
    service: loaded.service,
    release: release.release,
    hooks: o.hooks,
    webhooks: o.notifyWebhooks.length,
    keepImages: o.keepImages,
    repository: repositoryOf(loaded.spec.image),
    hosts: state.view.hosts.map((h) => h.name),
  });
  const plan: DeployPlan = { ...release, effects };
  if (o.dryRun) {
    await runPlan(ctx, loaded, plan, state.snapshot);
    return plan;
  }
  const facts = releaseFacts(loaded, plan, state);
  const notifier = notifierFor(ctx);
  const effectRun = effectRunner(ctx, deploySubject(ctx, loaded, plan, state, facts, notifier));
  const run = (phases: readonly EffectPhase[], signal: AbortSignal): Promise<void> => runEffects(phases, { run: effectRun.run, progress: ctx.progress, clock: ctx.clock, signal });
  try {
    try {
      await run(effects.before, ctx.signal).catch((error: unknown) => {
        throw withContext(error, { after: `; the deploy of release ${plan.release} did not start, nothing was changed` });
      });
      await applyPlan(ctx, loaded.project, plan, state.snapshot).catch((error: unknown) => {
        effectRun.failed(error);
        throw plan.previousColor === undefined ? error : withContext(error, { after: `; ${plan.previousColor} is still the live colour` });
      });
    } catch (error) {
      effectRun.failed(error);
      // not tied to Ctrl-C: after an interrupted deploy the failure is still recorded, notified and on_failure runs (bounded by hooks.timeout)
      await run(effectRun.recorded() ? effects.failure : withoutRecord(effects.failure), new AbortController().signal);
      throw error;
    }
    await run(effects.after, ctx.signal).catch((error: unknown) => {
      throw withContext(error, { after: `; release ${facts.release}${facts.color === undefined ? '' : ` (${facts.color})`} is deployed and stays` });
    });
  } finally {
    await notifier.settle(o.notifyTimeoutMs);
  }
  return plan;
}

function releaseFacts(loaded: LoadedTarget, plan: DeployPlan, state: FlowState): ReleaseFacts {
  const placed = plan.phases.flatMap((p) => p.steps).flatMap((s) => (s.kind === 'create' && s.spec.labels[flowLabel.role] === 'target' ? [s.host] : []));
  const hosts = placed.length > 0 ? placed : state.view.hosts.map((h) => h.name);
  return {
    service: loaded.service,
    project: loaded.project,
    target: loaded.target,
    release: plan.release,
    ...(plan.color === undefined ? {} : { color: plan.color }),
    ...(plan.previousColor === undefined ? {} : { previousColor: plan.previousColor }),
    image: loaded.spec.image,
    hosts: [...new Set(hosts)].sort(),
  };
}
