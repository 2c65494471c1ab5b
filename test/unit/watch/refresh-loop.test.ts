import assert from 'node:assert/strict';
import { silentLogger } from '../../../src/logger';
import { RefreshLoop } from '../../../src/watch/refresh-loop';
import { retryBackoff } from '../../../src/watch/retry-backoff';
import { ManualTimers, settle } from './manual-timers';

describe('RefreshLoop', () => {
  /** A refresh the test finishes by hand, recording when each started. */
  const setUp = () => {
    const timers = new ManualTimers();
    const started: number[] = [];
    const pending: { resolve: (changed: boolean) => void; reject: (error: Error) => void }[] = [];
    const refreshed: (readonly string[])[] = [];
    const controller = new AbortController();
    const loop = new RefreshLoop({
      refresh: () =>
        new Promise<{ changed: boolean }>((resolve, reject) => {
          started.push(timers.now());
          pending.push({ resolve: (changed) => resolve({ changed }), reject });
        }),
      quietMs: 200,
      maxDelayMs: 2000,
      backoff: retryBackoff({ initialMs: 100, maxMs: 1000 }),
      timers,
      logger: silentLogger,
      signal: controller.signal,
      onRefreshed: ({ reasons }) => refreshed.push(reasons),
    });
    const finish = async (changed = true): Promise<void> => {
      pending.shift()?.resolve(changed);
      await settle();
    };
    const fail = async (): Promise<void> => {
      pending.shift()?.reject(new Error('Consul at http://127.0.0.1:1 is unreachable'));
      await settle();
    };
    return { timers, started, refreshed, loop, finish, fail, controller, pending };
  };

  it('refreshes at once when asked to, and debounced after changes', async () => {
    const { timers, started, loop, finish, refreshed } = setUp();
    loop.requestNow('start');
    assert.deepEqual(started, [0]);
    await finish();
    loop.request('die app_1');
    loop.request('destroy app_1');
    await timers.advance(199);
    assert.deepEqual(started, [0]);
    await timers.advance(1);
    assert.deepEqual(started, [0, 200]);
    await finish();
    assert.deepEqual(refreshed, [['start'], ['destroy app_1', 'die app_1']]);
  });

  it('never runs two refreshes at once: a change during a refresh runs one more right after it', async () => {
    const { timers, started, loop, finish } = setUp();
    loop.requestNow('start');
    loop.request('a');
    loop.request('b');
    await timers.advance(500);
    assert.deepEqual(started, [0], 'the second waits for the first');
    await timers.advance(500);
    await finish();
    assert.deepEqual(started, [0, 1000], 'then runs at once, once');
    await finish();
    await timers.advance(5000);
    assert.deepEqual(started, [0, 1000]);
  });

  it('retries a failed refresh with backoff until it succeeds, then stops retrying', async () => {
    const { timers, started, loop, fail, finish, refreshed } = setUp();
    loop.requestNow('start');
    await fail();
    await timers.advance(100);
    assert.deepEqual(started, [0, 100], 'first retry after 100 ms');
    await fail();
    await timers.advance(200);
    assert.deepEqual(started, [0, 100, 300], 'second after 200 ms more');
    await fail();
    await timers.advance(400);
    assert.deepEqual(started, [0, 100, 300, 700]);
    await finish(false);
    assert.deepEqual(refreshed, [['start']], 'the reasons of the failed runs are kept for the successful one');
    await timers.advance(10_000);
    assert.deepEqual(started, [0, 100, 300, 700]);
    loop.requestNow('again');
    await fail();
    await timers.advance(100);
    assert.equal(started.at(-1), 10_800, 'after a success, backoff starts from the first delay again');
  });

  it('stops: no more refreshes after the signal aborts, pending timers dropped', async () => {
    const { timers, started, loop, fail, controller } = setUp();
    loop.requestNow('start');
    await fail();
    controller.abort();
    await loop.stop();
    loop.request('late');
    await timers.advance(10_000);
    assert.deepEqual(started, [0]);
  });
});
