import assert from 'node:assert/strict';
import { followCatalog } from '../../../src/watch/follow-catalog';
import { retryBackoff } from '../../../src/watch/retry-backoff';
import { ManualTimers, settle } from './manual-timers';

/** A catalog whose blocking queries the test answers one by one. */
class ScriptedCatalog {
  readonly asked: { afterIndex: number; waitMs: number }[] = [];
  private readonly answers: { resolve: (index: number) => void; reject: (error: Error) => void }[] = [];

  waitForChange(afterIndex: number, waitMs: number): Promise<number> {
    this.asked.push({ afterIndex, waitMs });
    return new Promise((resolve, reject) => this.answers.push({ resolve, reject }));
  }

  async answer(index: number): Promise<void> {
    this.answers.shift()?.resolve(index);
    await settle();
  }

  async fail(): Promise<void> {
    this.answers.shift()?.reject(new Error('could not reach Consul: ECONNREFUSED'));
    await settle();
  }
}

describe('followCatalog', () => {
  const setUp = () => {
    const catalog = new ScriptedCatalog();
    const timers = new ManualTimers();
    const changes: number[] = [];
    const errors: { attempt: number; delayMs: number }[] = [];
    const controller = new AbortController();
    const done = followCatalog({
      catalog,
      waitMs: 60_000,
      backoff: retryBackoff({ initialMs: 250, maxMs: 4000 }),
      timers,
      onChange: (index) => changes.push(index),
      onError: (_error, attempt, delayMs) => errors.push({ attempt, delayMs }),
      signal: controller.signal,
    });
    return { catalog, timers, changes, errors, controller, done };
  };

  it('reads at once, then blocks on the last index seen and reports each change', async () => {
    const { catalog, changes, controller, done } = setUp();
    await settle();
    assert.deepEqual(catalog.asked, [{ afterIndex: 0, waitMs: 60_000 }]);
    await catalog.answer(40);
    await catalog.answer(40); // the wait elapsed with no change
    await catalog.answer(45);
    assert.deepEqual(catalog.asked.map((a) => a.afterIndex), [0, 40, 40, 45]);
    assert.deepEqual(changes, [40, 45], 'a query that timed out unchanged is no change');
    controller.abort();
    await catalog.answer(45);
    await done;
  });

  it('starts again from 0 when the index goes backwards (Consul restored or reset)', async () => {
    const { catalog, changes, controller, done } = setUp();
    await settle();
    await catalog.answer(90);
    await catalog.answer(12);
    assert.deepEqual(catalog.asked.map((a) => a.afterIndex), [0, 90, 0]);
    await catalog.answer(12);
    assert.deepEqual(changes, [90, 12]);
    controller.abort();
    await catalog.answer(12);
    await done;
  });

  it('retries with backoff while Consul is unreachable and reports a change once it is back', async () => {
    const { catalog, timers, changes, errors, controller, done } = setUp();
    await settle();
    await catalog.answer(7);
    await catalog.fail();
    assert.deepEqual(errors, [{ attempt: 1, delayMs: 250 }]);
    assert.equal(catalog.asked.length, 2, 'no query while it waits');
    await timers.advance(250);
    await catalog.fail();
    await timers.advance(500);
    await catalog.fail();
    assert.deepEqual(errors.map((e) => e.delayMs), [250, 500, 1000]);
    await timers.advance(1000);
    await catalog.answer(7);
    assert.deepEqual(changes, [7, 7], 'after an outage the caller refreshes even at the same index');
    assert.deepEqual(timers.sleeps, [250, 500, 1000]);
    controller.abort();
    await catalog.answer(7);
    await done;
  });

  it('treats an index of 0 as 1, so it never spins on non-blocking reads', async () => {
    const { catalog, controller, done } = setUp();
    await settle();
    await catalog.answer(0);
    assert.deepEqual(catalog.asked.map((a) => a.afterIndex), [0, 1]);
    controller.abort();
    await catalog.answer(1);
    await done;
  });
});
