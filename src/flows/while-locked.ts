import { DockerFlowError, InterruptedError, messageOf, withContext } from '../errors';
import type { FlowContext } from './flow-context';
import { LockGuard, lockedContext } from './lock-guard';

/**
 * Takes the deploy lock of `service` (waiting up to --lock-wait) and runs `body` with a context whose
 * signal also stops when the lock is lost and whose plans never run a step without it.
 */
export async function underLock<T>(ctx: FlowContext, service: string, operation: string, body: (locked: FlowContext) => Promise<T>): Promise<T> {
  const holder = { who: ctx.who, pid: process.pid, since: new Date(ctx.clock.now()).toISOString(), operation };
  const guard = new LockGuard(await ctx.locks.acquire(service, holder, ctx.options.lockWaitMs, ctx.signal), ctx.locks);
  return whileLocked(guard, () => body(lockedContext(ctx, guard)));
}

/**
 * Runs `body` holding the lock of `guard`, then releases the lock. When the body failed, a release
 * that fails too (Consul gone for longer than --consul-retry) must not hide why the body failed: it
 * is added to the body's error. When only the release fails, that is the error. When the lock was
 * lost, the run stops with the loss as its error (exit 3), not as an interruption.
 */
export async function whileLocked<T>(guard: LockGuard, body: () => Promise<T>): Promise<T> {
  let result: T;
  try {
    result = await body();
  } catch (caught) {
    const error = caught instanceof InterruptedError && guard.lost.aborted ? lostError(guard, caught) : caught;
    let releaseFailure: string | undefined;
    await guard.release().catch((releaseError: unknown) => {
      releaseFailure = messageOf(releaseError);
    });
    if (releaseFailure === undefined || !(error instanceof DockerFlowError)) throw error;
    throw withContext(error, {
      after: `; the deploy lock of ${guard.service} could not be released either (${releaseFailure}): it frees itself once this command's Consul session expires, or at once with docker-flow lock release ${guard.service}`,
    });
  }
  await guard.release();
  return result;
}

/** An interruption caused by the loss of the lock (outside a plan): the loss is the error. */
function lostError(guard: LockGuard, interruption: InterruptedError): unknown {
  const reason: unknown = guard.lost.reason;
  return reason instanceof DockerFlowError ? withContext(reason, { after: ` (${interruption.message})` }) : interruption;
}
