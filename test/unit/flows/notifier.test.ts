import assert from 'node:assert/strict';
import type { Clock } from '../../../src/clock';
import type { NotificationPayload } from '../../../src/domain/notification';
import type { ReleaseFacts } from '../../../src/domain/release-facts';
import { InterruptedError, UnreachableError } from '../../../src/errors';
import { createNotifier } from '../../../src/flows/notifier';
import type { Logger } from '../../../src/logger';

const facts: ReleaseFacts = { service: 'shop-app', project: 'shop', target: 'app', release: 3, color: 'blue', image: 'shop/app:v1', hosts: ['local'] };

/** A fake clock: `tick()` moves time to the earliest pending sleep's deadline and ends every sleep due by then. */
function manualClock(): Clock & { readonly sleeps: number[]; tick(): Promise<void> } {
  let now = Date.parse('2026-01-01T00:00:00Z');
  let waiting: { at: number; wake: () => void }[] = [];
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => now,
    sleep: (ms, signal) =>
      new Promise<void>((resolve, reject) => {
        sleeps.push(ms);
        waiting.push({ at: now + ms, wake: resolve });
        signal.addEventListener('abort', () => reject(new InterruptedError('aborted')), { once: true });
      }),
    async tick() {
      for (let i = 0; i < 10; i += 1) await new Promise((r) => setImmediate(r)); // let queued work reach its next sleep
      const due = Math.min(...waiting.map((w) => w.at));
      if (!Number.isFinite(due)) return;
      now = due;
      const wake = waiting.filter((w) => w.at <= due);
      waiting = waiting.filter((w) => w.at > due);
      for (const w of wake) w.wake();
      for (let i = 0; i < 5; i += 1) await new Promise((r) => setImmediate(r));
    },
  };
}

function recordingLogger(): Logger & { readonly lines: string[] } {
  const lines: string[] = [];
  const logger: Logger & { lines: string[] } = {
    lines,
    debug: () => undefined,
    info: (m) => void lines.push(`info ${m}`),
    warn: (m) => void lines.push(`warn ${m}`),
    error: (m) => void lines.push(`error ${m}`),
    child: () => logger,
  };
  return logger;
}

const settled = (): Promise<void> => new Promise((r) => setImmediate(r));

describe('flows/notifier', () => {
  it('delivers the events to every webhook in order, without waiting in notify()', async () => {
    const got: string[] = [];
    const clock = manualClock();
    const notifier = createNotifier({
      webhooks: ['https://a.example.com/x', 'https://b.example.com/y'],
      timeoutMs: 5000,
      retries: 3,
      logger: recordingLogger(),
      clock,
      post: async (url, body) => {
        await settled();
        got.push(`${new URL(url).host} ${(body as NotificationPayload).event}`);
      },
    });
    notifier.notify('deploy.started', facts);
    notifier.notify('deploy.succeeded', facts);
    assert.equal(got.length, 0, 'notify returns before anything is sent');
    await notifier.settle(5000);
    assert.deepEqual(got.filter((g) => g.startsWith('a.')), ['a.example.com deploy.started', 'a.example.com deploy.succeeded']);
    assert.deepEqual(got.filter((g) => g.startsWith('b.')), ['b.example.com deploy.started', 'b.example.com deploy.succeeded']);
  });

  it('retries a failed delivery with backoff, keeping the order of events', async () => {
    const attempts: string[] = [];
    const clock = manualClock();
    let failures = 2;
    const notifier = createNotifier({
      webhooks: ['https://a.example.com/x'], timeoutMs: 5000, retries: 3, logger: recordingLogger(), clock,
      post: (_url, body) => {
        attempts.push((body as NotificationPayload).event);
        if (failures-- > 0) return Promise.reject(new UnreachableError('webhook https://a.example.com answered HTTP 503'));
        return Promise.resolve();
      },
    });
    notifier.notify('deploy.started', facts);
    notifier.notify('deploy.failed', facts, 'boom');
    const done = notifier.settle(60_000);
    for (let i = 0; i < 4; i += 1) await clock.tick();
    await done;
    assert.deepEqual(attempts, ['deploy.started', 'deploy.started', 'deploy.started', 'deploy.failed']);
    assert.deepEqual(clock.sleeps.filter((ms) => ms !== 60_000), [500, 1000], 'backoff before each retry');
  });

  it('gives up after the retries with a warning that names only scheme and host, and never throws', async () => {
    const logger = recordingLogger();
    const clock = manualClock();
    let attempts = 0;
    const notifier = createNotifier({
      webhooks: ['https://hooks.example.com/T0/B0/SECRET'], timeoutMs: 5000, retries: 2, logger, clock,
      post: () => {
        attempts += 1;
        return Promise.reject(new UnreachableError('webhook https://hooks.example.com could not be reached: ECONNREFUSED'));
        return Promise.resolve();
      },
    });
    notifier.notify('deploy.started', facts);
    const done = notifier.settle(60_000);
    for (let i = 0; i < 3; i += 1) await clock.tick();
    await done;
    assert.equal(attempts, 3);
    assert.equal(logger.lines.length, 1, logger.lines.join('\n'));
    assert.match(logger.lines[0] ?? '', /^warn webhook https:\/\/hooks\.example\.com did not get deploy\.started after 3 attempts/);
    assert.ok(!logger.lines.join('\n').includes('SECRET'));
  });

  it('settle waits at most the given time, then gives up on deliveries still running', async () => {
    const logger = recordingLogger();
    const clock = manualClock();
    let aborted = false;
    const notifier = createNotifier({
      webhooks: ['https://slow.example.com/x'], timeoutMs: 5000, retries: 0, logger, clock,
      post: (_url, _body, _timeout, signal) => new Promise<void>((_resolve, reject) => signal.addEventListener('abort', () => ((aborted = true), reject(new Error('aborted'))))),
    });
    notifier.notify('deploy.succeeded', facts);
    const done = notifier.settle(3000);
    await settled();
    await clock.tick();
    await done;
    assert.ok(aborted, 'the delivery in flight is cancelled');
    assert.match(logger.lines.join('\n'), /warn gave up waiting for 1 webhook delivery after 3s; the release is not affected/);
  });

  it('without webhooks does nothing', async () => {
    const notifier = createNotifier({ webhooks: [], timeoutMs: 5000, retries: 3, logger: recordingLogger(), clock: manualClock(), post: () => Promise.reject(new assert.AssertionError({ message: 'no post' })) });
    notifier.notify('deploy.started', facts);
    await notifier.settle(1000);
  });
});
