import type { FlowContext } from './flow-context';

/**
 * Run while holding the service's deploy lock: a release still recorded `in-progress` was left by
 * a docker-flow that stopped before finishing it (killed, machine lost), since nobody else can be
 * running one now. It is recorded as failed, so `releases`, rollback and the next release number
 * see what happened. Its leftover containers need nothing here: the next deploy of that colour
 * removes them before it starts its own.
 */
export async function settleAbandonedReleases(ctx: FlowContext, service: string): Promise<void> {
  const { releases } = await ctx.store.read(service, ctx.signal);
  for (const release of releases.filter((r) => r.result === 'in-progress')) {
    const colour = release.color === undefined ? '' : ` (${release.color})`;
    ctx.progress({
      type: 'note',
      message: `release ${release.number}${colour} of ${service}, started ${release.startedAt} by ${release.who}, never finished (its docker-flow stopped); recorded as failed`,
    });
    await ctx.store.writeRelease(
      {
        ...release,
        finishedAt: new Date(ctx.clock.now()).toISOString(),
        result: 'failed',
        error: 'abandoned: the docker-flow command running this release stopped before it finished (killed or its machine lost); the next run took over',
      },
      ctx.signal,
    );
  }
}
