import assert from 'node:assert/strict';
import type { Clock } from '../../../src/clock';
import { executePlan } from '../../../src/apply/execute-plan';
import type { Plan, PlanStep } from '../../../src/domain/plan';
import { ConflictError, ExitCode, FlowFailedError, ProxyError, UnreachableError } from '../../../src/errors';

const clock: Clock = { now: () => 0, sleep: () => Promise.resolve(undefined) };
const pull = (host: string): PlanStep => ({ kind: 'pull', host, image: 'registry:5000/app:v2' });
const onePhase = (steps: readonly PlanStep[]): Plan => ({ title: 'deploy demo-app', service: 'demo-app', phases: [{ title: 'pull images', steps }], onFailure: [] });

/** Runs `plan` with steps that finish only once `release()` is called, recording how many ran at once. */
async function measure(
  plan: Plan,
  bounds: { readonly concurrency?: number; readonly perHostConcurrency?: number } = {},
): Promise<{ readonly peak: number; readonly peakPerHost: number; readonly startedFirst: readonly string[] }> {
  let running = 0;
  let peak = 0;
  const perHost = new Map<string, number>();
  let peakPerHost = 0;
  const startedFirst: string[] = [];
  const waiting: (() => void)[] = [];
  const run = async (step: PlanStep): Promise<void> => {
    running += 1;
    peak = Math.max(peak, running);
    const host = 'host' in step ? step.host : '';
    perHost.set(host, (perHost.get(host) ?? 0) + 1);
    peakPerHost = Math.max(peakPerHost, perHost.get(host) ?? 0);
    if (step.kind === 'pull' && waiting.length < 100) startedFirst.push(step.host);
    await new Promise<void>((resolve) => waiting.push(resolve));
    perHost.set(host, (perHost.get(host) ?? 0) - 1);
    running -= 1;
  };
  const done = executePlan(plan, { run, progress: () => undefined, clock, signal: new AbortController().signal, ...bounds });
  // release steps one at a time, each after the executor had the chance to start more
  for (let turn = 0; turn < 200; turn += 1) {
    await new Promise((resolve) => setImmediate(resolve));
    const next = waiting.shift();
    if (next === undefined) break;
    next();
  }
  await done;
  return { peak, peakPerHost, startedFirst };
}

describe('executePlan: steps of a phase across hosts', () => {
  it('pulls on 3 hosts all at once', async () => {
    const { peak } = await measure(onePhase(['h1', 'h2', 'h3'].map(pull)));
    assert.equal(peak, 3);
  });

  it('pulls on 20 hosts all at once, in plan order: the bound is per host, not for the whole fleet', async () => {
    const hosts = Array.from({ length: 20 }, (_, i) => `h${i + 1}`);
    const { peak, startedFirst } = await measure(onePhase(hosts.map(pull)));
    assert.equal(peak, 20);
    assert.deepEqual(startedFirst, hosts, 'in plan order');
  });

  it('runs at most 8 steps of one host at once; another host\'s steps behind them do not wait', async () => {
    const steps = [...Array.from({ length: 12 }, () => pull('h1')), pull('h2')];
    const { peak, peakPerHost, startedFirst } = await measure(onePhase(steps));
    assert.equal(peakPerHost, 8);
    assert.equal(peak, 9);
    assert.deepEqual(startedFirst.slice(0, 9), [...Array.from({ length: 8 }, () => 'h1'), 'h2'], 'h2 starts while h1 is at its bound');
  });

  it('never runs more than 64 steps of a phase at once, whatever the number of hosts', async () => {
    const { peak } = await measure(onePhase(Array.from({ length: 100 }, (_, i) => pull(`h${i + 1}`))));
    assert.equal(peak, 64);
  });

  it('takes smaller bounds when given them', async () => {
    assert.equal((await measure(onePhase(['h1', 'h2', 'h3', 'h4'].map(pull)), { concurrency: 2 })).peak, 2);
    assert.equal((await measure(onePhase(['h1', 'h1', 'h1', 'h2'].map(pull)), { perHostConcurrency: 1 })).peakPerHost, 1);
  });

  it('reports the failure of every host of the phase, not just the first; failures of one class keep its exit code', async () => {
    const run = (step: PlanStep): Promise<void> => {
      if (step.kind === 'pull' && step.host !== 'h2') return Promise.reject(new UnreachableError(`registry 10.77.0.1:5000 could not be reached from ${step.host}`));
      return Promise.resolve();
    };
    await assert.rejects(executePlan(onePhase(['h1', 'h2', 'h3'].map(pull)), { run, progress: () => undefined, clock, signal: new AbortController().signal }), (e: unknown) => {
      assert.ok(e instanceof UnreachableError, 'two unreachable failures: unreachable (exit 4), not a failed flow (1)');
      assert.equal(e.exitCode, ExitCode.unreachable);
      assert.match(e.message, /from h1; registry 10\.77\.0\.1:5000 could not be reached from h3/);
      return true;
    });
  });

  it('mixed failures exit with the most specific class: conflict, then unreachable, then proxy, then a failed flow', async () => {
    const failing = (errors: Readonly<Record<string, Error>>) => (step: PlanStep): Promise<void> => {
      const error = 'host' in step ? errors[step.host] : undefined;
      if (error !== undefined) return Promise.reject(error);
      return Promise.resolve();
    };
    const outcome = async (errors: Readonly<Record<string, Error>>): Promise<unknown> =>
      executePlan(onePhase(['h1', 'h2', 'h3'].map(pull)), { run: failing(errors), progress: () => undefined, clock, signal: new AbortController().signal }).catch((e: unknown) => e);
    const unhealthy = new FlowFailedError('app_1 on h1 was not healthy');
    const unreachable = new UnreachableError('Consul at http://127.0.0.1:8500 failed registering app_2');
    const conflict = new ConflictError('docker-flow/app/color changed while this command ran');
    const proxy = new ProxyError('haproxy -c refused the configuration');
    const first = await outcome({ h1: unhealthy, h2: unreachable });
    assert.ok(first instanceof UnreachableError, 'a failed flow and an unreachable system: exit 4');
    assert.match(first.message, /^deploy demo-app failed: Consul at \S+ failed registering app_2; app_1 on h1 was not healthy/, 'the decisive failure comes first');
    assert.ok((await outcome({ h1: unreachable, h2: conflict, h3: proxy })) instanceof ConflictError);
    assert.ok((await outcome({ h1: unhealthy, h3: proxy })) instanceof ProxyError);
    assert.ok((await outcome({ h1: unhealthy, h2: new Error('plain') })) instanceof FlowFailedError);
  });
});
