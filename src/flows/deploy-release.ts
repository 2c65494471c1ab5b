import type { DeployPlan } from '../domain/plan-deploy';
import type { ReleaseRecord } from '../domain/records';
import { messageOf, withContext } from '../errors';
import { runPlan, type FlowState } from './execute';
import type { FlowContext } from './flow-context';
import type { LoadedTarget } from './load-target';

/**
 * Records the release as in progress, runs its plan and records the result. On failure the plan's
 * undo has removed the new instances; colour and scale were never written, so the old release is
 * still the live one.
 */
export async function runRecordedRelease(ctx: FlowContext, loaded: LoadedTarget, state: FlowState, plan: DeployPlan): Promise<void> {
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
    const message = messageOf(error);
    // Recorded even when Consul just failed: the write is retried for as long as --consul-retry allows (the next run settles it otherwise).
    const budget = AbortSignal.timeout(ctx.options.consulRetryMs + 10_000);
    await ctx.store.writeRelease({ ...started, finishedAt: new Date(ctx.clock.now()).toISOString(), result: 'failed', error: message }, budget).catch((e: unknown) => {
      ctx.logger.warn('could not record the failed release; the next run records it', { error: messageOf(e) });
    });
    throw plan.previousColor === undefined ? error : withContext(error, { after: `; ${plan.previousColor} is still the live colour` });
  }
  const images = await imageIdentity(ctx, plan, loaded);
  await ctx.store.writeRelease({ ...started, images, finishedAt: new Date(ctx.clock.now()).toISOString(), result: 'succeeded' }, ctx.signal);
}

async function imageIdentity(ctx: FlowContext, plan: DeployPlan, loaded: LoadedTarget): Promise<ReleaseRecord['images']> {
  const host = plan.phases.flatMap((p) => p.steps).find((s) => s.kind === 'create')?.host;
  const engine = host === undefined ? undefined : ctx.engines.get(host);
  const info = engine === undefined ? undefined : await engine.inspectImage(loaded.spec.image, ctx.signal);
  return { [loaded.target]: { image: loaded.spec.image, ...(info === undefined ? {} : { id: info.id }), digests: info?.repoDigests ?? [] } };
}
