import assert from 'node:assert/strict';
import type { Clock } from '../../../src/clock';
import { executePlan } from '../../../src/apply/execute-plan';
import type { ProgressEvent } from '../../../src/apply/progress';
import { describeStep, type Plan, type PlanStep } from '../../../src/domain/plan';
import { FlowFailedError, UnhealthyError, UnreachableError } from '../../../src/errors';

const clock: Clock = { now: () => 0, sleep: () => Promise.resolve(undefined) };
const stop = (container: string, host = 'local'): PlanStep => ({ kind: 'stop', host, container, graceSec: 1 });
const remove = (container: string, host = 'local'): PlanStep => ({ kind: 'remove', host, container });
const plan: Plan = {
  title: 'test plan',
  service: 'demo-app',
  phases: [
    { title: 'one', steps: [stop('a', 'h1'), stop('b', 'h2')] },
    { title: 'two', steps: [stop('c')] },
  ],
  onFailure: [remove('a'), remove('b')],
};

describe('executePlan', () => {
  it('runs phases in order and reports each step', async () => {
    const ran: string[] = [];
    const events: ProgressEvent[] = [];
    await executePlan(plan, { run: (s) => {
      ran.push(describeStep(s));
      return Promise.resolve();
    }, progress: (e) => events.push(e), clock, signal: new AbortController().signal });
    assert.deepEqual(ran.slice(2), ['stop c on local (grace 1s)']);
    assert.equal(events.filter((e) => e.type === 'step-done').length, 3);
  });

  it('on failure runs the undo steps, does not start later phases, and reports every failure of the phase', async () => {
    const ran: string[] = [];
    const run = (s: PlanStep): Promise<void> => {
      ran.push(describeStep(s));
      if (s.kind === 'stop') return Promise.reject(new UnhealthyError(`${s.container} broke`));
      return Promise.resolve();
    };
    await assert.rejects(executePlan(plan, { run, progress: () => undefined, clock, signal: new AbortController().signal }), (e: unknown) => {
      assert.ok(e instanceof FlowFailedError);
      assert.match(e.message, /a broke; b broke/);
      assert.match(e.message, /undone: remove a on local, remove b on local/);
      return true;
    });
    assert.ok(!ran.includes('stop c on local (grace 1s)'));
    assert.ok(ran.includes('remove a on local'));
  });

  it('keeps the error category (and exit code) of a single failure', async () => {
    const run = (s: PlanStep): Promise<void> => {
      if (s.kind === 'stop' && s.container === 'a') return Promise.reject(new UnreachableError('engine on h1 did not answer'));
      return Promise.resolve();
    };
    await assert.rejects(executePlan(plan, { run, progress: () => undefined, clock, signal: new AbortController().signal }), (e: unknown) => e instanceof UnreachableError && /test plan failed/.test(e.message));
  });

  it('still undoes after Ctrl-C (the undo gets its own signal)', async () => {
    const controller = new AbortController();
    const undone: string[] = [];
    const run = (s: PlanStep, signal: AbortSignal): Promise<void> => {
      if (s.kind === 'stop') {
        controller.abort();
        return Promise.reject(new Error('aborted'));
      }
      assert.equal(signal.aborted, false);
      undone.push(describeStep(s));
      return Promise.resolve();
    };
    await assert.rejects(executePlan(plan, { run, progress: () => undefined, clock, signal: controller.signal }), (e: unknown) => e instanceof Error && e.name === 'InterruptedError');
    assert.deepEqual(undone.sort(), ['remove a on local', 'remove b on local']);
  });
});
