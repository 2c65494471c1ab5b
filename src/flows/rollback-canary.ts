import { pollUntil } from '../clock';
import type { CanaryRecord } from '../domain/canary-record';
import { canaryReport } from '../domain/canary-report';
import { ConflictError } from '../errors';
import { abortCanary } from './canary-end';
import type { FlowContext } from './flow-context';
import type { LoadedTarget } from './load-target';
import { notifierFor } from './notifier';
import { underLock } from './while-locked';

/**
 * `docker-flow rollback` while a stepped canary is recorded. The docker-flow walking it holds the deploy
 * lock, so rollback cannot take it: it writes an abort request (`docker-flow/<service>/canary-abort`),
 * which the walker reads twice a second, and waits until the walker has put all traffic back on the
 * old colour and removed the canary record. When nobody holds the lock (the walker was killed), rollback
 * takes it and settles the canary itself. Either way the old colour serves and the canary's colour is
 * stopped; there is no further release to go back to.
 */
export async function rollbackCanary(ctx: FlowContext, loaded: LoadedTarget, record: CanaryRecord): Promise<void> {
  const service = loaded.service;
  const holder = await ctx.locks.status(service, ctx.signal);
  if (holder === undefined) {
    await underLock(ctx, service, 'rollback of a canary', async (locked) => {
      const current = (await locked.store.readCanary(service, locked.signal))?.record;
      if (current === undefined) return;
      const notifier = notifierFor(locked);
      const report = canaryReport({ step: current.step, steps: current.steps, percent: current.percent, old: current.previousColor, fresh: current.color, verdict: 'rollback', checks: [] });
      try {
        await abortCanary(locked, loaded, current, { verdict: 'rollback', message: `stopped by docker-flow rollback (${locked.who}); its docker-flow was no longer running`, report }, notifier);
      } finally {
        await notifier.settle(locked.options.notifyTimeoutMs);
      }
    });
    ctx.print(`rollback ${service}: the canary of release ${record.release} is stopped; ${record.previousColor} serves all traffic`);
    return;
  }
  await ctx.store.requestCanaryAbort(service, { who: ctx.who, at: new Date(ctx.clock.now()).toISOString() }, ctx.signal);
  ctx.progress({ type: 'note', message: `asked the docker-flow walking the canary of ${service} (${holder.who}, pid ${holder.pid}) to stop it; waiting until ${record.previousColor} serves all traffic` });
  const timeoutMs = 60_000 + ctx.options.drainMs;
  const done = await pollUntil(async () => ((await ctx.store.readCanary(service, ctx.signal)) === undefined ? true : undefined), {
    timeoutMs, intervalMs: () => 250, clock: ctx.clock, signal: ctx.signal,
  });
  if (done === undefined) {
    throw new ConflictError(`the docker-flow walking the canary of ${service} (${holder.who}, pid ${holder.pid}) did not stop it within ${Math.round(timeoutMs / 1000)} s of being asked`, {
      hint: `the request stays: it stops the canary at its next check; see docker-flow status. If that docker-flow is gone, run docker-flow lock release ${service} and docker-flow rollback again`,
    });
  }
  ctx.print(`rollback ${service}: the canary of release ${record.release} is stopped; ${record.previousColor} serves all traffic`);
}
