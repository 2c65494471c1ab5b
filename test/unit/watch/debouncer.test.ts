import assert from 'node:assert/strict';
import { Debouncer } from '../../../src/watch/debouncer';
import { ManualTimers } from './manual-timers';

describe('Debouncer', () => {
  const setUp = (quietMs = 200, maxDelayMs = 2000) => {
    const timers = new ManualTimers();
    const runs: number[] = [];
    const debouncer = new Debouncer(() => runs.push(timers.now()), { quietMs, maxDelayMs, timers });
    return { timers, runs, debouncer };
  };

  it('runs once, quietMs after a single trigger', async () => {
    const { timers, runs, debouncer } = setUp();
    debouncer.trigger();
    await timers.advance(199);
    assert.deepEqual(runs, []);
    await timers.advance(1);
    assert.deepEqual(runs, [200]);
    await timers.advance(5000);
    assert.deepEqual(runs, [200], 'no second run without a new trigger');
  });

  it('collapses a burst into one run, quietMs after its last trigger', async () => {
    const { timers, runs, debouncer } = setUp();
    for (let i = 0; i < 5; i += 1) {
      debouncer.trigger();
      await timers.advance(100);
    }
    // last trigger at 400
    await timers.advance(1000);
    assert.deepEqual(runs, [600]);
  });

  it('runs at the latest maxDelayMs after the first trigger of a burst that never goes quiet', async () => {
    const { timers, runs, debouncer } = setUp(200, 1000);
    for (let i = 0; i < 30; i += 1) {
      debouncer.trigger();
      await timers.advance(100);
    }
    assert.deepEqual(runs, [1000, 2000, 3000], 'a run every max delay while triggers keep coming 100 ms apart');
  });

  it('a trigger after a run starts a new burst', async () => {
    const { timers, runs, debouncer } = setUp();
    debouncer.trigger();
    await timers.advance(300);
    debouncer.trigger();
    assert.equal(debouncer.pending, true);
    await timers.advance(200);
    assert.deepEqual(runs, [200, 500]);
    assert.equal(debouncer.pending, false);
  });

  it('cancel drops a scheduled run', async () => {
    const { timers, runs, debouncer } = setUp();
    debouncer.trigger();
    debouncer.cancel();
    await timers.advance(5000);
    assert.deepEqual(runs, []);
    assert.equal(timers.pending, 0);
  });

  it('with quietMs 0 runs on the next tick of the clock', async () => {
    const { timers, runs, debouncer } = setUp(0, 0);
    debouncer.trigger();
    debouncer.trigger();
    await timers.advance(0);
    assert.deepEqual(runs, [0]);
  });

  it('refuses a max delay shorter than the quiet time', () => {
    assert.throws(() => new Debouncer(() => undefined, { quietMs: 500, maxDelayMs: 100, timers: new ManualTimers() }), /quietMs <= maxDelayMs/);
  });
});
