import assert from 'node:assert/strict';
import { stepRunner } from '../../../src/apply/run-step';
import type { Clock } from '../../../src/clock';
import type { ContainerInfo } from '../../../src/domain/container';
import type { PlanStep } from '../../../src/domain/plan';
import { InterruptedError, UnhealthyError } from '../../../src/errors';
import { ServiceStore } from '../../../src/store/service-store';
import { recordingLogger } from '../compose/compose-fixtures';
import { container, host } from '../builders';
import { fakeEngine } from '../support/fake-engine';
import { MemoryKvStore } from '../watch/agent-support';

/** A clock whose sleeps move time at once. */
function steppingClock(): Clock {
  let now = 0;
  return { now: () => now, sleep: (ms) => { now += ms;   return Promise.resolve();
  } };
}

describe('stepRunner: waits for an optional dependency (depends_on required: false)', () => {
  const exited = (exitCode: number): ContainerInfo => ({ ...container('demo_db_1', { target: 'db', role: 'side', state: 'exited' }), health: 'none', exitCode });
  const run = (step: PlanStep, seen: ContainerInfo | undefined, signal = new AbortController().signal) => {
    const logger = recordingLogger();
    const engine = { ...fakeEngine(host('local')), inspectContainer: () => Promise.resolve(seen) };
    const runner = stepRunner({
      engines: new Map([['local', engine]]), store: new ServiceStore(new MemoryKvStore()),
      snapshot: { service: 'demo-app', state: { nextRelease: 1 }, releases: [], index: { color: 0, scale: 0, route: 0 }, corrupt: [] },
      proxy: () => assert.fail('no proxy in this test'), clock: steppingClock(), project: 'demo', logger,
    });
    return { logger, done: runner(step, signal) };
  };
  const healthy: PlanStep = { kind: 'wait-healthy', host: 'local', container: 'demo_db_1', timeoutMs: 5_000, settleMs: 1_000, requiredBy: 'app' };
  const completed: PlanStep = { kind: 'wait-exited', host: 'local', container: 'demo_db_1', timeoutMs: 5_000, dependent: 'app' };

  it('a dependency that fails does not block: the step succeeds with a warning naming it, why, and the dependent', async () => {
    const unhealthy = run({ ...healthy, optionalFor: 'app' }, exited(1));
    await unhealthy.done;
    assert.deepEqual(unhealthy.logger.warnings, ['optional dependency demo_db_1 on local is not ready (demo_db_1 on local failed: exited with code 1); app depends on it with required: false, so the deploy goes on']);
    const failedJob = run({ ...completed, optionalFor: 'app' }, exited(3));
    await failedJob.done;
    assert.match(failedJob.logger.warnings[0] ?? '', /^optional dependency demo_db_1 on local is not ready \(demo_db_1 on local exited with code 3; app depends on it with condition: service_completed_successfully\); app depends on it with required: false/);
  });

  it('a required dependency that fails still fails the step, with no warning', async () => {
    const required = run(healthy, exited(1));
    await assert.rejects(required.done, UnhealthyError);
    assert.deepEqual(required.logger.warnings, []);
    await assert.rejects(run(completed, exited(3)).done, UnhealthyError);
  });

  it('Ctrl-C still interrupts an optional wait', async () => {
    const controller = new AbortController();
    controller.abort();
    await assert.rejects(run({ ...healthy, optionalFor: 'app' }, { ...exited(0), state: 'running', health: 'starting' }, controller.signal).done, InterruptedError);
  });
});
