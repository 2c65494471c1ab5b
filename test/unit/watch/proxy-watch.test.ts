import assert from 'node:assert/strict';
import { silentLogger } from '../../../src/logger';
import { watchProxy } from '../../../src/watch/proxy-watch';
import type { ProxyWatchSource } from '../../../src/watch/proxy-watch';
import { retryBackoff } from '../../../src/watch/retry-backoff';
import { container } from '../builders';
import { FakeEngine } from './fake-engine';
import { ManualTimers, settle } from './manual-timers';
import { manualCron } from '../support/manual-cron';

describe('watchProxy', () => {
  const setUp = (source: (engine: FakeEngine) => ProxyWatchSource, refreshFails = () => false) => {
    const engine = new FakeEngine('h1');
    const timers = new ManualTimers();
    const refreshes: number[] = [];
    const { cron, ticks } = manualCron();
    const controller = new AbortController();
    const running = watchProxy({
      refresh: () => {
        refreshes.push(timers.now());
        if (refreshFails()) return Promise.reject(new Error('could not reach Consul'));
        return Promise.resolve({ changed: true });
      },
      source: source(engine),
      quietMs: 200,
      maxDelayMs: 2000,
      refreshCron: '* * * * *',
      cron,
      backoff: retryBackoff({ initialMs: 100, maxMs: 1000 }),
      timers,
      logger: silentLogger,
      signal: controller.signal,
    });
    return { engine, timers, refreshes, ticks, controller, running };
  };

  it('without Consul: refreshes at start, once per burst of container events, and on the schedule', async () => {
    const { engine, timers, refreshes, ticks, controller, running } = setUp((engine) => ({ kind: 'events', engines: new Map([['h1', engine]]) }));
    await settle();
    assert.deepEqual(refreshes, [0]);
    for (const action of ['kill', 'die', 'destroy']) engine.emit(action, container('demo_app-blue_1'));
    await timers.advance(1000);
    assert.deepEqual(refreshes, [0, 200]);
    ticks[0]?.();
    await settle();
    assert.deepEqual(refreshes, [0, 200, 1000]);
    controller.abort();
    await running;
    assert.equal(ticks.length, 0);
  });

  it('with Consul: refreshes after each catalog change; a failing refresh is retried with backoff', async () => {
    let index = 10;
    let wake: (() => void) | undefined;
    let failing = false;
    const catalog = {
      description: 'test catalog',
      waitForChange: (afterIndex: number, _waitMs: number, signal: AbortSignal): Promise<number> =>
        afterIndex < index || signal.aborted ? Promise.resolve(index) : new Promise((resolve) => (wake = () => resolve(index))),
    };
    const { timers, refreshes, controller, running } = setUp(() => ({ kind: 'catalog', catalog, waitMs: 60_000 }), () => failing);
    await timers.advance(1000);
    assert.deepEqual(refreshes, [0, 200], 'at start, then after the first read of the catalog');
    failing = true;
    index = 11;
    wake?.();
    await timers.advance(200);
    assert.deepEqual(refreshes, [0, 200, 1200]);
    await timers.advance(100);
    assert.deepEqual(refreshes, [0, 200, 1200, 1300], 'retried after 100 ms');
    failing = false;
    await timers.advance(200);
    assert.deepEqual(refreshes, [0, 200, 1200, 1300, 1500], 'retried again after 200 ms, and then no more');
    await timers.advance(5000);
    assert.equal(refreshes.length, 5);
    controller.abort();
    wake?.();
    await running;
  });
});
