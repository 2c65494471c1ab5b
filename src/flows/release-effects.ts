import type { EffectRunner } from '../apply/run-effects';
import type { DeployPlan } from '../domain/plan-deploy';
import type { ReleaseRecord } from '../domain/records';
import type { EffectRecordResult } from '../domain/release-effects';
import type { ReleaseFacts } from '../domain/release-facts';
import { messageOf } from '../errors';
import type { FlowState } from './execute';
import type { FlowContext } from './flow-context';
import { runHookCommand } from './hooks';
import type { LoadedTarget } from './load-target';
import type { Notifier } from './notifier';
import { retainImages } from './retain-images';

export interface ReleaseEffectRun {
  readonly run: EffectRunner;
  /** Whether the release record was written as in progress (only then is a failure recorded). */
  recorded(): boolean;
  /**
   * Once the release failed: the failure. The first one given is recorded in the failed record; the
   * last (with what the flow added: "blue is still the live colour") is notified and given to on_failure.
   */
  failed(error: unknown): void;
}

/** What the effect steps of one release act on. */
export interface EffectSubject {
  /** The release record as written in progress; succeeded or failed later. Absent: the release has no record of its own (a rollback that redeploys: its deploy records itself). */
  readonly record?: ReleaseRecord;
  readonly facts: ReleaseFacts;
  readonly notifier: Notifier;
  /** The images of the succeeded record (a deploy reads the image's id and digests then); else the record's own. */
  readonly images?: () => Promise<ReleaseRecord['images']>;
  /** Image retention after a deploy: the image released and the references kept whatever their age. */
  readonly retention?: { readonly image: string; readonly protect: readonly string[]; readonly released: readonly string[] };
  /** The release a rollback went away from, recorded rolled-back once it is live. */
  readonly rolledBack?: ReleaseRecord;
}

/**
 * The handlers of a release's effect steps (domain/release-effects.ts): notifications through the
 * command's notifier, hook commands, the release record (in progress → succeeded or failed; the
 * release a rollback left → rolled-back), image retention. Records after the start are written within
 * the Consul retry budget, so one after the commit or after a failure is written even when Ctrl-C
 * stopped the release.
 */
export function effectRunner(ctx: FlowContext, subject: EffectSubject): ReleaseEffectRun {
  const { record: started, facts, notifier } = subject;
  let recorded = false;
  let failure: { readonly raw: string; readonly told: string } | undefined;
  const budget = (): AbortSignal => AbortSignal.timeout(ctx.options.consulRetryMs + 10_000);
  const finished = (): string => new Date(ctx.clock.now()).toISOString();
  const writeRecord = async (result: EffectRecordResult, signal: AbortSignal): Promise<void> => {
    if (result === 'rolled-back') {
      if (subject.rolledBack !== undefined) await ctx.store.writeRelease({ ...subject.rolledBack, result: 'rolled-back' }, budget());
      return;
    }
    if (started === undefined) return;
    switch (result) {
      case 'in-progress':
        await ctx.store.writeRelease(started, signal);
        recorded = true;
        return;
      case 'failed':
        return ctx.store.writeRelease({ ...started, finishedAt: finished(), result: 'failed', error: failure?.raw ?? 'failed' }, budget()).catch((error: unknown) => {
          ctx.logger.warn('could not record the failed release; the next run records it', { error: messageOf(error) });
          throw error;
        });
      case 'succeeded': {
        const images = subject.images === undefined ? started.images : await subject.images();
        return ctx.store.writeRelease({ ...started, images, finishedAt: finished(), result: 'succeeded' }, budget()).catch((error: unknown) => {
          const live = started.color === undefined ? 'the release runs' : `${started.color} is live`;
          ctx.logger.warn(`could not record release ${started.number} as succeeded (${messageOf(error)}); ${live} and the next run records it as succeeded`);
          throw error;
        });
      }
    }
  };
  const run: EffectRunner = async (step, signal) => {
    switch (step.kind) {
      case 'notify':
        return notifier.notify(step.event, facts, failure?.told);
      case 'hook': {
        const result = step.name === 'before_deploy' ? 'pending' : step.name === 'after_deploy' ? 'succeeded' : 'failed';
        const hook = runHookCommand(ctx, step.name, step.command, { facts, result, ...(failure === undefined ? {} : { error: failure.told }), signal });
        if (step.name !== 'on_failure') return hook;
        return hook.catch((error: unknown) => {
          ctx.logger.warn(`on_failure hook failed: ${messageOf(error)}`);
          throw error;
        });
      }
      case 'record-release':
        return writeRecord(step.result, signal);
      case 'retain-images':
        if (subject.retention === undefined) return;
        return retainImages(ctx, { ...subject.retention, keep: step.keep, hosts: step.hosts });
    }
  };
  return {
    run,
    recorded: () => recorded,
    failed: (error) => (failure = { raw: failure?.raw ?? messageOf(error), told: messageOf(error) }),
  };
}

/** The effect subject of a deploy: its record, the image identity read after the commit, retention. */
export function deploySubject(ctx: FlowContext, loaded: LoadedTarget, plan: DeployPlan, state: FlowState, facts: ReleaseFacts, notifier: Notifier): EffectSubject {
  const record: ReleaseRecord = {
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
  return { record, facts, notifier, images: () => imageIdentity(ctx, plan, loaded), retention: { image: loaded.spec.image, protect: protectedImages(loaded, state), released: releasedImages(loaded, state) } };
}

/** The image's id and digests for the record; when the engine cannot tell, the record goes without them (a warning). */
async function imageIdentity(ctx: FlowContext, plan: DeployPlan, loaded: LoadedTarget): Promise<ReleaseRecord['images']> {
  const host = plan.phases.flatMap((p) => p.steps).find((s) => s.kind === 'create')?.host;
  const engine = host === undefined ? undefined : ctx.engines.get(host);
  const info = await engine?.inspectImage(loaded.spec.image, ctx.signal).catch((error: unknown) => {
    ctx.logger.warn(`could not read the id of ${loaded.spec.image} on ${host ?? '?'} (${messageOf(error)}); the release record goes without it`);
    return undefined;
  });
  return { [loaded.target]: { image: loaded.spec.image, ...(info === undefined ? {} : { id: info.id }), digests: info?.repoDigests ?? [] } };
}

/** The images of every release of the service (whatever its result: docker-flow pulled them) and the one just deployed. */
function releasedImages(loaded: LoadedTarget, state: FlowState): readonly string[] {
  return [loaded.spec.image, ...state.snapshot.releases.flatMap((r) => r.images[loaded.target]?.image ?? [])];
}

/** The image just deployed and the one of the last successful release before it (for a rollback). */
function protectedImages(loaded: LoadedTarget, state: FlowState): readonly string[] {
  const previous = state.snapshot.releases.find((r) => r.result === 'succeeded')?.images[loaded.target]?.image;
  return previous === undefined ? [loaded.spec.image] : [loaded.spec.image, previous];
}
