import { strict as assert } from 'node:assert';
import type { Clock } from '../../src/clock';
import { pollUntil } from '../../src/clock';
import { pollUntil as proxyPollUntil } from '../../src/adapters/haproxy/poll-until';
import { InterruptedError } from '../../src/errors';

/** A clock whose sleeps only move its own time, recording each delay. */
function fakeClock(): Clock & { readonly sleeps: number[] } {
  let now = 0;
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => now,
    sleep: (ms) => {
      sleeps.push(ms);
      now += ms;
      return Promise.resolve();
    },
  };
}

describe('pollUntil', () => {
  it('returns the first value the check gives, after the delays the interval asks for', async () => {
    const clock = fakeClock();
    let calls = 0;
    const value = await pollUntil(() => Promise.resolve(++calls === 3 ? 'ready' : undefined), { timeoutMs: 10_000, intervalMs: (attempt) => 100 * (attempt + 1), clock, signal: new AbortController().signal });
    assert.equal(value, 'ready');
    assert.deepEqual(clock.sleeps, [100, 200]);
  });

  it('returns undefined at the deadline, never sleeping past it', async () => {
    const clock = fakeClock();
    const value = await pollUntil(() => Promise.resolve(undefined), { timeoutMs: 250, intervalMs: () => 100, clock, signal: new AbortController().signal });
    assert.equal(value, undefined);
    assert.deepEqual(clock.sleeps, [100, 100, 50]);
  });

  it('an aborted signal throws the error `interrupted` names, without calling the check again', async () => {
    const controller = new AbortController();
    let calls = 0;
    const check = (): Promise<undefined> => {
      calls += 1;
      controller.abort();
      return Promise.resolve(undefined);
    };
    await assert.rejects(
      pollUntil(check, { timeoutMs: 10_000, intervalMs: () => 100, clock: fakeClock(), signal: controller.signal, interrupted: (cause) => new InterruptedError('waiting for v2 was interrupted', { cause }) }),
      (error: unknown) => error instanceof InterruptedError && error.message === 'waiting for v2 was interrupted',
    );
    assert.equal(calls, 1);
  });

  it('the proxy poller names what it was waiting for when interrupted during a sleep', async () => {
    const controller = new AbortController();
    const pending = proxyPollUntil('waiting for old HAProxy workers', () => Promise.resolve(undefined), { timeoutMs: 60_000, intervalMs: 60_000, signal: controller.signal });
    controller.abort();
    await assert.rejects(pending, (error: unknown) => error instanceof InterruptedError && error.message === 'waiting for old HAProxy workers was interrupted');
  });
});
