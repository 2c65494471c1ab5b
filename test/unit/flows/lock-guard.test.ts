import assert from 'node:assert/strict';
import type { HeldLock, LockHolder, LockManager } from '../../../src/ports/lock-manager';
import { executePlan } from '../../../src/apply/execute-plan';
import type { Clock } from '../../../src/clock';
import type { Plan, PlanStep } from '../../../src/domain/plan';
import { ConflictError } from '../../../src/errors';
import { LockGuard } from '../../../src/flows/lock-guard';

const holder: LockHolder = { who: 'ci@runner-7', pid: 1, since: '2026-11-22T06:59:31.120Z', operation: 'deploy' };
const clock: Clock = { now: () => 0, sleep: () => Promise.resolve(undefined) };

/** A held lock a test can lose, counting its releases. */
function fakeLock(): HeldLock & { lose(): void; releases: number } {
  const losing = new AbortController();
  return {
    service: 'demo-app',
    holder,
    lost: losing.signal,
    releases: 0,
    lose() {
      losing.abort(new ConflictError('the deploy lock of demo-app was lost: its Consul session s-1 ended'));
    },
    release() {
      this.releases += 1;
      return Promise.resolve();
    },
  };
}

function locksGiving(next: () => Promise<HeldLock>): LockManager & { taken: number } {
  return {
    taken: 0,
    async acquire() {
      this.taken += 1;
      return next();
    },
    status: () => Promise.resolve(undefined),
    forceRelease: () => Promise.resolve(undefined),
  };
}

describe('flows/lock-guard: never act unlocked', () => {
  it('a held lock lets steps run at once; a lost one is taken again (once) before the undo, and both are released', async () => {
    const first = fakeLock();
    const second = fakeLock();
    const locks = locksGiving(() => Promise.resolve(second));
    const guard = new LockGuard(first, locks);
    await guard.ensureHeld(new AbortController().signal);
    assert.equal(locks.taken, 0);
    first.lose();
    await Promise.all([guard.ensureHeld(new AbortController().signal), guard.ensureHeld(new AbortController().signal)]);
    assert.equal(locks.taken, 1, 'taken again once for every step of the undo');
    await guard.release();
    assert.deepEqual([first.releases, second.releases], [1, 1]);
  });

  it('when someone else took the lock meanwhile, the undo does not run and says why', async () => {
    const first = fakeLock();
    const guard = new LockGuard(first, locksGiving(async () => Promise.reject(new ConflictError('deploy lock of demo-app is held by ops@laptop (pid 9) since ...'))));
    first.lose();
    await assert.rejects(guard.ensureHeld(new AbortController().signal), (error: unknown) => {
      assert.ok(error instanceof ConflictError);
      assert.match(error.message, /^the deploy lock of demo-app was lost and could not be taken again to undo this run's steps: deploy lock of demo-app is held by ops@laptop .*; the next deploy of this service removes what this run left$/);
      return true;
    });
  });

  it('a plan stopped by a lost lock fails with the loss (exit 3), not as an interruption, after its undo', async () => {
    const stop = new AbortController();
    const onH1: PlanStep = { kind: 'pull', host: 'h1', image: 'app:v2' };
    const onH2: PlanStep = { kind: 'pull', host: 'h2', image: 'app:v2' };
    const plan: Plan = { title: 'deploy demo-app', service: 'demo-app', phases: [{ title: 'pull', steps: [onH1] }, { title: 'pull more', steps: [onH2] }], onFailure: [{ kind: 'pull', host: 'h1', image: 'app:v1' }] };
    const ran: string[] = [];
    const run = (step: PlanStep): Promise<void> => {
      ran.push('host' in step ? `${step.host} ${'image' in step ? step.image : ''}` : step.kind);
      if (ran.length === 1) stop.abort(new ConflictError('the deploy lock of demo-app was lost: its Consul session s-1 ended'));
      return Promise.resolve();
    };
    await assert.rejects(executePlan(plan, { run, progress: () => undefined, clock, signal: stop.signal }), (error: unknown) => {
      assert.ok(error instanceof ConflictError, `exit 3, got ${String(error)}`);
      assert.match(error.message, /^deploy demo-app failed: the deploy lock of demo-app was lost: its Consul session s-1 ended; interrupted before it started; undone: /);
      return true;
    });
    assert.deepEqual(ran, ['h1 app:v2', 'h1 app:v1'], 'no step after the loss but the undo');
  });
});
