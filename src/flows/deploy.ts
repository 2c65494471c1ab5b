import { routedPort } from '../domain/container-spec';
import { planDeploy, type DeployPlan } from '../domain/plan-deploy';
import { DockerFlowError } from '../errors';
import type { ReleaseRecord } from '../domain/records';
import type { FlowContext } from './flow-context';
import { runPlan, type FlowState } from './execute';
import type { LoadedTarget } from './load-target';

/**
 * `--flow=deploy`: plan the release (next colour beside the live one, or rolling), record it as
 * in progress, run it, and record the result. On failure the plan's undo has removed the new
 * instances; colour and scale were never written, so the old release is still the live one.
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
  });
  if (o.dryRun) {
    await runPlan(ctx, loaded, plan, state.snapshot);
    return plan;
  }
  const started: ReleaseRecord = {
    number: plan.release,
    service: loaded.service,
    startedAt: new Date(ctx.clock.now()).toISOString(),
    who: ctx.who,
    ...(plan.color === undefined ? {} : { color: plan.color }),
    ...(plan.previousColor === undefined ? {} : { previousColor: plan.previousColor }),
    scale: plan.count,
    images: { [loaded.target]: { image: loaded.spec.image, digests: [] } },
    configHash: loaded.configHash,
    hosts: state.view.hosts.map((h) => h.name),
    result: 'in-progress',
  };
  await ctx.store.writeRelease(started, ctx.signal);
  try {
    await runPlan(ctx, loaded, plan, state.snapshot);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    await ctx.store.writeRelease({ ...started, finishedAt: new Date(ctx.clock.now()).toISOString(), result: 'failed', error: message }, AbortSignal.timeout(10_000)).catch((e: unknown) => {
      ctx.logger.warn('could not record the failed release', { error: e instanceof Error ? e.message : String(e) });
    });
    if (error instanceof DockerFlowError && plan.previousColor !== undefined) {
      error.message += `; ${plan.previousColor} is still the live colour`;
    }
    throw error;
  }
  const images = await imageIdentity(ctx, plan, loaded);
  await ctx.store.writeRelease({ ...started, images, finishedAt: new Date(ctx.clock.now()).toISOString(), result: 'succeeded' }, ctx.signal);
  return plan;
}

async function imageIdentity(ctx: FlowContext, plan: DeployPlan, loaded: LoadedTarget): Promise<ReleaseRecord['images']> {
  const host = plan.phases.flatMap((p) => p.steps).find((s) => s.kind === 'create')?.host;
  const engine = host === undefined ? undefined : ctx.engines.get(host);
  const info = engine === undefined ? undefined : await engine.inspectImage(loaded.spec.image, ctx.signal);
  return { [loaded.target]: { image: loaded.spec.image, ...(info === undefined ? {} : { id: info.id }), digests: info?.repoDigests ?? [] } };
}
