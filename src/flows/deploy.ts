import { routedPort } from '../domain/container-spec';
import { flowLabel } from '../domain/labels';
import { planDeploy, type DeployPlan } from '../domain/plan-deploy';
import type { ReleaseFacts } from '../domain/release-facts';
import { messageOf, withContext } from '../errors';
import { runRecordedRelease } from './deploy-release';
import { runPlan, type FlowState } from './execute';
import type { FlowContext } from './flow-context';
import { runHook } from './hooks';
import type { LoadedTarget } from './load-target';
import { notifierFor, type Notifier } from './notifier';
import { retainImages } from './retain-images';

/**
 * `--flow=deploy`: plan the release (next colour beside the live one, or rolling), then
 *   notify "started" → before_deploy hook → record, run (release command, new instances, health
 *   gate, commit) and record the result → notify "succeeded" → image retention → after_deploy hook.
 * A failure before the commit leaves the old release live; it is notified as "failed" and the
 * on_failure hook runs. An after_deploy failure exits 1 but keeps the healthy release. With
 * --dry-run the plan is printed and nothing runs (no hooks, no notifications).
 */
export async function deployFlow(ctx: FlowContext, loaded: LoadedTarget, state: FlowState): Promise<DeployPlan> {
  const o = ctx.options;
  const port = routedPort(loaded.spec);
  const plan = planDeploy({
    project: loaded.project,
    target: loaded.target,
    sideTargets: o.sideTargets,
    blueGreen: o.blueGreen,
    model: loaded.model,
    view: state.view,
    stored: state.snapshot.state,
    ...(o.scale === undefined ? {} : { scale: o.scale }),
    pullSideTargets: o.pullSideTargets,
    healthTimeoutMs: o.healthTimeoutMs,
    settleMs: o.settleMs,
    drainMs: o.drainMs,
    ...(port === undefined ? {} : { routedPort: port }),
    ...(o.releaseCommand === undefined ? {} : { releaseCommand: { argv: o.releaseCommand, timeoutMs: o.releaseCommandTimeoutMs } }),
  });
  if (o.dryRun) {
    await runPlan(ctx, loaded, plan, state.snapshot);
    return plan;
  }
  const facts = releaseFacts(loaded, plan, state);
  const notifier = notifierFor(ctx);
  notifier.notify('deploy.started', facts);
  try {
    try {
      await runHook(ctx, 'before_deploy', { facts, result: 'pending', signal: ctx.signal }).catch((error: unknown) => {
        throw withContext(error, { after: `; the deploy of release ${facts.release} did not start, nothing was changed` });
      });
      await runRecordedRelease(ctx, loaded, state, plan);
    } catch (error) {
      await afterFailure(ctx, facts, error, notifier);
      throw error;
    }
    notifier.notify('deploy.succeeded', facts);
    await retainImages(ctx, { image: loaded.spec.image, keep: o.keepImages, protect: protectedImages(loaded, state), hosts: state.view.hosts.map((h) => h.name) });
    await runHook(ctx, 'after_deploy', { facts, result: 'succeeded', signal: ctx.signal }).catch((error: unknown) => {
      throw withContext(error, { after: `; release ${facts.release}${facts.color === undefined ? '' : ` (${facts.color})`} is deployed and stays` });
    });
  } finally {
    await notifier.settle(o.notifyTimeoutMs);
  }
  return plan;
}

/** Notifies the failure and runs on_failure, whose own failure is only logged. */
async function afterFailure(ctx: FlowContext, facts: ReleaseFacts, error: unknown, notifier: Notifier): Promise<void> {
  const message = messageOf(error);
  notifier.notify('deploy.failed', facts, message);
  // not tied to Ctrl-C: after an interrupted deploy on_failure still runs (bounded by hooks.timeout)
  await runHook(ctx, 'on_failure', { facts, result: 'failed', error: message, signal: new AbortController().signal }).catch((hookError: unknown) => {
    ctx.logger.warn(`on_failure hook failed: ${messageOf(hookError)}`);
  });
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

/** The image just deployed and the one of the last successful release before it (for a rollback). */
function protectedImages(loaded: LoadedTarget, state: FlowState): readonly string[] {
  const previous = state.snapshot.releases.find((r) => r.result === 'succeeded')?.images[loaded.target]?.image;
  return previous === undefined ? [loaded.spec.image] : [loaded.spec.image, previous];
}
