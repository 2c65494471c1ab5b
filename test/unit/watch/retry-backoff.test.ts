import assert from 'node:assert/strict';
import { retryBackoff, watchBackoff } from '../../../src/watch/retry-backoff';

describe('retryBackoff', () => {
  it('doubles from the initial delay up to the cap', () => {
    const delay = retryBackoff({ initialMs: 100, maxMs: 1000 });
    assert.deepEqual([0, 1, 2, 3, 4, 5, 10].map(delay), [100, 200, 400, 800, 1000, 1000, 1000]);
  });

  it('takes another growth factor', () => {
    const delay = retryBackoff({ initialMs: 10, maxMs: 10_000, factor: 3 });
    assert.deepEqual([0, 1, 2, 3].map(delay), [10, 30, 90, 270]);
  });

  it('is a pure function: the same attempt always gives the same delay', () => {
    assert.deepEqual([watchBackoff(3), watchBackoff(3)], [2000, 2000]);
  });

  it('stays at the cap for huge attempt numbers and treats negative ones as the first', () => {
    const delay = retryBackoff({ initialMs: 250, maxMs: 30_000 });
    assert.equal(delay(Number.MAX_SAFE_INTEGER), 30_000);
    assert.equal(delay(-3), 250);
  });

  it('the watch default starts at 250 ms and never waits more than 30 s', () => {
    assert.equal(watchBackoff(0), 250);
    assert.equal(watchBackoff(100), 30_000);
  });
});
