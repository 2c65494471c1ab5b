import assert from 'node:assert/strict';
import Dockerode from 'dockerode';
import { EngineCaller } from '../../../../src/adapters/docker/engine-caller';
import type { Schedule } from '../../../../src/adapters/docker/engine-caller';
import type { HostSpec } from '../../../../src/domain/host';
import { abortReason, ConfigError, EngineError, InterruptedError, UnreachableError } from '../../../../src/errors';
import type { Logger } from '../../../../src/logger';

const host: HostSpec = { name: 'node-1', endpoint: { scheme: 'unix', socketPath: '/run/node-1.sock' }, address: '127.0.0.1', labels: {} };

interface LogLine { readonly level: string; readonly message: string; readonly fields: Readonly<Record<string, unknown>> }

function recordingLogger(lines: LogLine[], context: Readonly<Record<string, unknown>> = {}): Logger {
  const log = (level: string) => (message: string, fields: Readonly<Record<string, unknown>> = {}): void => {
    lines.push({ level, message, fields: { ...context, ...fields } });
  };
  return { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error'), child: (fields) => recordingLogger(lines, { ...context, ...fields }) };
}

/** A timer the test fires by hand: no real clock. */
function manualSchedule(): { schedule: Schedule; fire: () => void; pending: () => number } {
  const timers = new Set<() => void>();
  return {
    schedule: (fn) => {
      timers.add(fn);
      return () => timers.delete(fn);
    },
    fire: () => [...timers].forEach((fn) => fn()),
    pending: () => timers.size,
  };
}

/** The caller never touches the client itself; `fn` does. Constructing one does no I/O. */
const client = (): Promise<Dockerode> => Promise.resolve(new Dockerode({ socketPath: '/nonexistent/unit-test.sock' }));
const modem404 = Object.assign(new Error('(HTTP code 404) no such container - No such container: x '), { statusCode: 404, json: { message: 'No such container: x' } });

function never(signal: AbortSignal): Promise<never> {
  return new Promise((_resolve, reject) => signal.addEventListener('abort', () => reject(abortReason(signal))));
}

describe('adapters/docker/engine-caller', () => {
  it('logs before and after at debug with the host and the container', async () => {
    const lines: LogLine[] = [];
    const caller = new EngineCaller(host, recordingLogger(lines).child({ host: 'node-1' }), 30_000, client, manualSchedule().schedule);
    const result = await caller.call('start container', new AbortController().signal, () => Promise.resolve('ok'), { target: 'shop_app-blue_1' });
    assert.equal(result, 'ok');
    assert.deepEqual(lines.map((line) => [line.level, line.message, line.fields['host'], line.fields['target']]), [
      ['debug', 'docker start container', 'node-1', 'shop_app-blue_1'],
      ['debug', 'docker start container done', 'node-1', 'shop_app-blue_1'],
    ]);
  });

  it('logs a failure with the translated message and throws the translated error', async () => {
    const lines: LogLine[] = [];
    const caller = new EngineCaller(host, recordingLogger(lines), 30_000, client, manualSchedule().schedule);
    await assert.rejects(caller.call('start container', new AbortController().signal, async () => Promise.reject(modem404), { target: 'x' }), EngineError);
    assert.equal(lines[1]?.message, 'docker start container failed');
    assert.equal(lines[1]?.fields['error'], 'start container on node-1: x was not found (No such container: x)');
  });

  it('turns "not found" and "not modified" into the results the call asked for', async () => {
    const caller = new EngineCaller(host, recordingLogger([]), 30_000, client, manualSchedule().schedule);
    const signal = new AbortController().signal;
    assert.equal(await caller.call('inspect container', signal, async () => Promise.reject(modem404), { onNotFound: () => undefined }), undefined);
    const notModified = Object.assign(new Error('(HTTP code 304) container already stopped'), { statusCode: 304, json: Buffer.alloc(0) });
    assert.equal(await caller.call('stop container', signal, async () => Promise.reject(notModified), { onNotModified: () => 'already' }), 'already');
  });

  it('abort: the call stops at once, its signal is aborted, InterruptedError', async () => {
    const controller = new AbortController();
    const caller = new EngineCaller(host, recordingLogger([]), 30_000, client, manualSchedule().schedule);
    let callSignal: AbortSignal | undefined;
    const pending = caller.call('wait container', controller.signal, async (_docker, signal) => {
      callSignal = signal;
      return new Promise<never>(() => undefined); // an engine call that ignores its signal
    }, { target: 'x' });
    await Promise.resolve();
    controller.abort();
    await assert.rejects(pending, (error: unknown) => error instanceof InterruptedError && error.message === 'wait container of x on node-1 was interrupted');
    assert.equal(callSignal?.aborted, true);
  });

  it('an already aborted signal makes no call', async () => {
    const controller = new AbortController();
    controller.abort();
    let called = false;
    const caller = new EngineCaller(host, recordingLogger([]), 30_000, client);
    await assert.rejects(caller.call('ping', controller.signal, () => { called = true;   return Promise.resolve();
                                                                            }), InterruptedError);
    assert.equal(called, false);
  });

  it('the API timeout aborts the call → UnreachableError naming host, endpoint and op; the timer is cleared after', async () => {
    const timer = manualSchedule();
    const caller = new EngineCaller(host, recordingLogger([]), 30_000, client, timer.schedule);
    const pending = caller.call('list containers', new AbortController().signal, async (_docker, signal) => never(signal));
    await Promise.resolve();
    assert.equal(timer.pending(), 1);
    timer.fire();
    await assert.rejects(pending, (error: unknown) => {
      assert.ok(error instanceof UnreachableError);
      assert.equal(error.message, 'engine on node-1 (unix:///run/node-1.sock) did not answer list containers within 30s');
      assert.match(error.hint ?? '', /raise --engine-timeout/);
      return true;
    });
    await caller.call('ping', new AbortController().signal, () => Promise.resolve(undefined));
    assert.equal(timer.pending(), 0, 'no timer outlives its call');
  });

  it('timeoutMs 0 means no API timeout for that call', async () => {
    const timer = manualSchedule();
    const caller = new EngineCaller(host, recordingLogger([]), 30_000, client, timer.schedule);
    await caller.call('wait container', new AbortController().signal, () => {
      assert.equal(timer.pending(), 0);
      return Promise.resolve();
    }, { timeoutMs: 0 });
  });

  it('a client that cannot be built (bad TLS files) fails the call with its ConfigError and is retried next time', async () => {
    let attempts = 0;
    const failingOnce = async (): Promise<Dockerode> => {
      attempts += 1;
      if (attempts === 1) throw new ConfigError('--cert-path', '/certs/ca.pem for host node-1 could not be read');
      return client();
    };
    const caller = new EngineCaller(host, recordingLogger([]), 30_000, failingOnce, manualSchedule().schedule);
    await assert.rejects(caller.call('ping', new AbortController().signal, () => Promise.resolve(undefined)), ConfigError);
    await caller.call('ping', new AbortController().signal, () => Promise.resolve(undefined));
    assert.equal(attempts, 2);
  });
});
