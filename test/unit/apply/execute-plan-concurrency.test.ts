import assert from 'node:assert/strict';
import type { Clock } from '../../../src/clock';
import { executePlan } from '../../../src/apply/execute-plan';
import type { Plan, PlanStep } from '../../../src/domain/plan';
import { UnreachableError, FlowFailedError } from '../../../src/errors';

const clock: Clock = { now: () => 0, sleep: async () => undefined };
const pull = (host: string): PlanStep => ({ kind: 'pull', host, image: 'registry:5000/app:v2' });
const onePhase = (steps: readonly PlanStep[]): Plan => ({ title: 'deploy demo-app', service: 'demo-app', phases: [{ title: 'pull images', steps }], onFailure: [] });

/** Runs `plan` with steps that finish only once `release()` is called, recording how many ran at once. */
async function measure(plan: Plan, concurrency?: number): Promise<{ readonly peak: number; readonly startedFirst: readonly string[] }> {
  let running = 0;
  let peak = 0;
  const startedFirst: string[] = [];
  const waiting: (() => void)[] = [];
  const run = async (step: PlanStep): Promise<void> => {
    running += 1;
    peak = Math.max(peak, running);
    if (step.kind === 'pull' && waiting.length < 100) startedFirst.push(step.host);
    await new Promise<void>((resolve) => waiting.push(resolve));
    running -= 1;
  };
  const done = executePlan(plan, { run, progress: () => undefined, clock, signal: new AbortController().signal, ...(concurrency === undefined ? {} : { concurrency }) });
  // release steps one at a time, each after the executor had the chance to start more
  for (let turn = 0; turn < 200; turn += 1) {
    await new Promise((resolve) => setImmediate(resolve));
    const next = waiting.shift();
    if (next === undefined) break;
    next();
  }
  await done;
  return { peak, startedFirst };
}

describe('executePlan: steps of a phase across hosts', () => {
  it('pulls on 3 hosts all at once', async () => {
    const { peak } = await measure(onePhase(['h1', 'h2', 'h3'].map(pull)));
    assert.equal(peak, 3);
  });

  it('never runs more than 8 steps of a phase at once (bounded), whatever the number of hosts', async () => {
    const hosts = Array.from({ length: 20 }, (_, i) => `h${i + 1}`);
    const { peak, startedFirst } = await measure(onePhase(hosts.map(pull)));
    assert.equal(peak, 8);
    assert.deepEqual(startedFirst.slice(0, 8), hosts.slice(0, 8), 'in plan order');
  });

  it('takes a smaller bound when given one', async () => {
    const { peak } = await measure(onePhase(['h1', 'h2', 'h3', 'h4'].map(pull)), 2);
    assert.equal(peak, 2);
  });

  it('reports the failure of every host of the phase, not just the first', async () => {
    const run = async (step: PlanStep): Promise<void> => {
      if (step.kind === 'pull' && step.host !== 'h2') throw new UnreachableError(`registry 10.77.0.1:5000 could not be reached from ${step.host}`);
    };
    await assert.rejects(executePlan(onePhase(['h1', 'h2', 'h3'].map(pull)), { run, progress: () => undefined, clock, signal: new AbortController().signal }), (e: unknown) => {
      assert.ok(e instanceof FlowFailedError, 'several failures: the flow failed (exit 1)');
      assert.match(e.message, /from h1; registry 10\.77\.0\.1:5000 could not be reached from h3/);
      return true;
    });
  });
});
