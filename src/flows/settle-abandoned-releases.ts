import { settleInProgress } from '../domain/settle-release';
import type { FlowState } from './execute';
import type { FlowContext } from './flow-context';
import type { LoadedTarget } from './load-target';

/**
 * Run while holding the service's deploy lock: a release still recorded `in-progress` was left by
 * a docker-flow that stopped before finishing it (killed, machine lost, or the result could not be
 * written after the commit), since nobody else can be running one now. settleInProgress decides: a
 * release that went live (its colour is the recorded one, its instances run) is recorded as
 * succeeded; any other as failed (abandoned), so `releases`, rollback and the next release number
 * see what happened. Leftover containers need nothing here: the next deploy of that colour removes
 * them before it starts its own. Returns whether it wrote anything.
 */
export async function settleAbandonedReleases(ctx: FlowContext, loaded: LoadedTarget, state: FlowState): Promise<boolean> {
  const service = loaded.service;
  const open = state.snapshot.releases.filter((r) => r.result === 'in-progress');
  const instances = state.view.containers.filter((c) => c.project === loaded.project && c.target === loaded.target && c.role === 'target');
  for (const release of open) {
    const colour = release.color === undefined ? '' : ` (${release.color})`;
    const settled = settleInProgress(release, state.snapshot.state.color, instances);
    const finishedAt = new Date(ctx.clock.now()).toISOString();
    if (settled.result === 'succeeded') {
      ctx.progress({ type: 'note', message: `release ${release.number}${colour} of ${service}, started ${release.startedAt} by ${release.who}, went live but its result was never recorded (${settled.why}); recorded as succeeded` });
      await ctx.store.writeRelease({ ...release, finishedAt, result: 'succeeded' }, ctx.signal);
      continue;
    }
    ctx.progress({
      type: 'note',
      message: `release ${release.number}${colour} of ${service}, started ${release.startedAt} by ${release.who}, never finished (its docker-flow stopped); recorded as failed`,
    });
    await ctx.store.writeRelease(
      {
        ...release,
        finishedAt,
        result: 'failed',
        error: 'abandoned: the docker-flow command running this release stopped before it finished (killed or its machine lost); the next run took over',
      },
      ctx.signal,
    );
  }
  return open.length > 0;
}
