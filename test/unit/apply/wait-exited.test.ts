import assert from 'node:assert/strict';
import { waitExited } from '../../../src/apply/wait-exited';
import { judgeHealth } from '../../../src/apply/wait-healthy';
import type { Clock } from '../../../src/clock';
import type { ContainerInfo } from '../../../src/domain/container';
import { UnhealthyError } from '../../../src/errors';
import { container, host } from '../builders';
import { fakeEngine } from '../support/fake-engine';

/** A clock whose sleeps move time at once. */
function steppingClock(): Clock {
  let now = 0;
  return { now: () => now, sleep: (ms) => { now += ms;   return Promise.resolve();
  } };
}

describe('waitExited (depends_on: service_completed_successfully)', () => {
  const step = { kind: 'wait-exited', host: 'local', container: 'demo_migrate_1', timeoutMs: 10_000, dependent: 'app' } as const;
  const engineSeeing = (states: readonly (ContainerInfo | undefined)[]) => {
    let call = 0;
    return { ...fakeEngine(host('local')), inspectContainer: () => Promise.resolve(states[Math.min(call++, states.length - 1)]) };
  };
  const job = (state: ContainerInfo['state'], exitCode?: number): ContainerInfo => ({ ...container('demo_migrate_1', { target: 'migrate', role: 'side', state }), health: 'none', ...(exitCode === undefined ? {} : { exitCode }) });
  const run = (states: readonly (ContainerInfo | undefined)[]) => waitExited(engineSeeing(states), step, { clock: steppingClock(), signal: new AbortController().signal });

  it('succeeds once the job has exited 0, after it ran for a while', async () => {
    await run([job('running'), job('running'), job('exited', 0)]);
  });

  it('fails with the exit code, who depends on it and where to read its output', async () => {
    await assert.rejects(run([job('running'), job('exited', 3)]), (e: unknown) => e instanceof UnhealthyError && /demo_migrate_1 on local exited with code 3; app depends on it with condition: service_completed_successfully/.test(e.message) && /docker logs demo_migrate_1/.test(e.hint ?? ''));
  });

  it('fails when the job still runs at the health timeout, or is gone', async () => {
    await assert.rejects(run([job('running')]), (e: unknown) => e instanceof UnhealthyError && /was still running after 10s/.test(e.message) && /--health-timeout/.test(e.hint ?? ''));
    await assert.rejects(run([undefined]), (e: unknown) => e instanceof UnhealthyError && /is gone/.test(e.message));
  });
});

describe('judgeHealth with service_healthy', () => {
  it('a running container without a health check fails at once when a dependent needs it healthy', () => {
    const c: ContainerInfo = { ...container('demo_db_1'), health: 'none' };
    assert.deepEqual(judgeHealth(c, 0, 10_000, 3000, 'api'), { ok: false, reason: 'it has no health check, and api depends on it with condition: service_healthy' });
    assert.deepEqual(judgeHealth(c, 0, 10_000, 3000), { ok: true });
  });
});
