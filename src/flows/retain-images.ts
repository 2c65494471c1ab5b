import type { DockerEngine } from '../ports/docker-engine';
import { chooseImagesToRemove, normaliseRef, repositoryOf } from '../domain/image-retention';
import type { FlowContext } from './flow-context';
import { messageOf } from '../errors';

export interface RetentionRequest {
  /** The image just released; its repository is pruned. */
  readonly image: string;
  /** Newest tags kept per host; 0 turns retention off. */
  readonly keep: number;
  /** References kept whatever their age (the release just deployed, the previous one). */
  readonly protect: readonly string[];
  /** The images of the service's releases: the only tags retention may remove. */
  readonly released: readonly string[];
  /** Hosts to prune (every reachable host of the cluster). */
  readonly hosts: readonly string[];
}

/** Retention is housekeeping: it gets this long in all, then what is left waits for the next deploy. */
const retentionTimeoutMs = 120_000;

/**
 * Image retention after a successful deploy (the `retain-images` step), best effort: on every host,
 * the tags of the target's repository that docker-flow released, beyond the newest N, are removed,
 * except those that containers (running or stopped, of any project) use. Every failure is a warning; nothing here fails the deploy.
 */
export async function retainImages(ctx: FlowContext, request: RetentionRequest): Promise<void> {
  if (request.keep <= 0) return;
  const signal = AbortSignal.any([ctx.signal, AbortSignal.timeout(retentionTimeoutMs)]);
  const results = await Promise.allSettled(
    request.hosts.map(async (host) => {
      const engine = ctx.engines.get(host);
      if (engine !== undefined) await pruneHost(ctx, engine, request, signal);
    }),
  );
  results.forEach((result, index) => {
    if (result.status === 'rejected') {
      const reason = messageOf(result.reason);
      ctx.logger.warn(`image retention on ${request.hosts[index] ?? '?'} skipped: ${reason}; the images stay until the next deploy`);
    }
  });
}

async function pruneHost(ctx: FlowContext, engine: DockerEngine, request: RetentionRequest, signal: AbortSignal): Promise<void> {
  const host = engine.host.name;
  const [images, containers] = await Promise.all([engine.listImages(repositoryOf(request.image), signal), engine.listContainers({}, signal)]);
  const choice = chooseImagesToRemove({ image: request.image, keep: request.keep, images, containers, protect: request.protect, released: request.released });
  for (const ref of choice.remove) {
    const step = `remove image ${ref} on ${host}`;
    const started = ctx.clock.now();
    try {
      await engine.removeImage(ref, signal);
      ctx.progress({ type: 'step-done', step, durationMs: ctx.clock.now() - started });
    } catch (error) {
      if (signal.aborted) throw error;
      const reason = messageOf(error);
      // A container created since the choice was made may use it now: that is a skip, not a problem.
      const now = await engine.listContainers({}, signal).catch(() => []);
      if (now.some((c) => normaliseRef(c.image) === ref)) ctx.logger.info(`kept image ${ref} on ${host}: a container uses it`);
      else ctx.logger.warn(`kept image ${ref} on ${host}: ${reason}`);
    }
  }
}
