import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { LocalHaproxyRuntime } from '../../../../src/adapters/haproxy/local-haproxy-runtime';
import { ProxyError } from '../../../../src/errors';
import { waitFor } from '../../support/wait-for';
import { get, portIsFree, recordingLogger, renderFor, requestLoop, serviceOf, startBackend, type Backend, type LogLine } from './haproxy-kit';
import { step } from '../../support/scenario';

/** Real HAProxy 2.6 as a local master-worker daemon; proxy on 127.0.0.1:18080 (status 18081). */
describe('adapters/haproxy LocalHaproxyRuntime (real haproxy)', function () {
  this.timeout(120_000);
  const signal = new AbortController().signal;
  const lines: LogLine[] = [];
  let root = '';
  let dir = '';
  let runtime: LocalHaproxyRuntime;
  let blue: Backend;
  let green: Backend;
  const newRuntime = (over: Partial<{ dir: string; httpPort: number; statusPort: number }> = {}) =>
    new LocalHaproxyRuntime({ dir: over.dir ?? dir, httpPort: over.httpPort ?? 18080, statusPort: over.statusPort ?? 18081, logger: recordingLogger(lines), stopGraceMs: 10_000 });
  const demo = (...backends: Backend[]) => renderFor(runtime.renderTarget, [serviceOf('demo-app', ['/demo'], backends)]);

  before(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'df-haproxy-local-'));
    dir = path.join(root, 'state', 'proxy');
    [blue, green] = await Promise.all([startBackend('blue'), startBackend('green')]);
    runtime = newRuntime();
  });

  after(async () => {
    await runtime.stop(signal).catch(() => undefined);
    await Promise.all([blue.close(), green.close()]);
    await rm(root, { recursive: true, force: true });
  });

  it('scenario: started when missing, not reloaded unchanged, found by a second process, 20 reloads without a failed request, a rejected configuration refused, old workers waited for, stopped gracefully', async () => {
    await step('starts HAProxy when missing and routes /demo, /demo/ and /demo/x, but not /demox', async () => {
      const config = demo(blue);
      assert.deepEqual(await runtime.apply(config.text, config.version, signal), { changed: true });
      assert.equal((await stat(dir)).mode & 0o777, 0o700);
      assert.equal((await stat(path.join(dir, 'haproxy.cfg'))).mode & 0o777, 0o600);
      for (const p of ['/demo', '/demo/', '/demo/x?y=1']) assert.deepEqual(await get(18080, p), { status: 200, body: `blue ${p}` });
      for (const p of ['/demox', '/', '/other']) assert.deepEqual(await get(18080, p), { status: 503, body: 'No service is routed at this path.' });
      const status = await runtime.status(signal);
      assert.equal(status.running, true);
      assert.equal(status.version, config.version);
      assert.equal(status.workers.length, 1);
      assert.equal((await get(18081, '/docker-flow/config')).body, config.version);
    });
    await step('does not reload an unchanged configuration', async () => {
      const before = await runtime.status(signal);
      const config = demo(blue);
      assert.deepEqual(await runtime.apply(config.text, config.version, signal), { changed: false });
      const after = await runtime.status(signal);
      assert.equal(after.reloads, before.reloads);
      assert.deepEqual(after.workers, before.workers);
    });
    await step('a second runtime object (another docker-flow process) finds the running proxy by its pid file', async () => {
      const first = await runtime.status(signal);
      const second = newRuntime();
      const found = await second.status(signal);
      assert.equal(found.running, true);
      assert.equal(found.pid, first.pid);
      const config = demo(blue);
      assert.deepEqual(await second.apply(config.text, config.version, signal), { changed: false });
    });
    // Keep-alive clients do not resend: with `option idle-close-on-response` the old worker answers the
    // next request on an idle connection with Connection: close instead of closing it under the client.
    await step('serves each new version after a reload, with no failed request during 20 reloads (new and keep-alive connections)', async () => {
      const loop = requestLoop(18080, '/demo/loop', { concurrency: 3, maxRequests: 50_000, maxMs: 60_000 });
      const keepAlive = requestLoop(18080, '/demo/keep', { concurrency: 2, maxRequests: 50_000, maxMs: 60_000, keepAlive: true });
      const reloadsBefore = (await runtime.status(signal)).reloads ?? 0;
      for (let i = 0; i < 20; i += 1) {
        const config = demo(i % 2 === 0 ? green : blue);
        assert.deepEqual(await runtime.apply(config.text, config.version, signal), { changed: true });
        assert.equal((await runtime.status(signal)).version, config.version);
      }
      for (const result of [await loop.stop(), await keepAlive.stop()]) {
        assert.deepEqual(result.failures, [], `${result.failures.length} failed of ${result.ok + result.failures.length}`);
        assert.ok(result.ok > 100, `only ${result.ok} requests went through`);
        assert.ok((result.bodies.get('blue') ?? 0) > 0 && (result.bodies.get('green') ?? 0) > 0);
      }
      assert.equal((await runtime.status(signal)).reloads, reloadsBefore + 20);
    });
    await step('refuses a configuration HAProxy rejects (ProxyError naming the line) and keeps serving the old one', async () => {
      const served = (await runtime.status(signal)).version;
      const broken = renderFor(runtime.renderTarget, [serviceOf('demo-app', ['/demo'], [blue], { backendTemplate: 'backend demo-app\n{{#each servers}}\n    server {{name}} {{address}}:{{port}} check\n{{/each}}\n    bogus-keyword on\n' })]);
      const lineNumber = broken.text.split('\n').indexOf('    bogus-keyword on') + 1;
      await assert.rejects(runtime.apply(broken.text, broken.version, signal), (error: unknown) => {
        assert.ok(error instanceof ProxyError);
        assert.match(error.message, new RegExp(`:${lineNumber}\\] : unknown keyword 'bogus-keyword'`));
        assert.ok(error.message.includes(`line ${lineNumber}: "bogus-keyword on"`), error.message);
        assert.match(error.hint ?? '', /keeps its last good configuration/);
        return true;
      });
      assert.equal((await runtime.status(signal)).version, served);
      assert.equal((await get(18080, '/demo/after')).status, 200);
    });
    await step('waitForOldWorkers waits until a slow in-flight request on a removed server completed', async () => {
      const start = demo(blue);
      await runtime.apply(start.text, start.version, signal);
      let completedAt = 0;
      const slow = get(18080, '/demo/slow?ms=1500').then((reply) => {
        completedAt = Date.now();
        return reply;
      });
      await waitFor(() => Promise.resolve(blue.counts.inFlight === 1), { timeoutMs: 10_000, intervalMs: 10, what: 'the slow request to reach blue' });
      const next = demo(green);
      await runtime.apply(next.text, next.version, signal);
      assert.deepEqual((await runtime.status(signal)).workers.filter((w) => w.old).length, 1);
      assert.equal((await get(18080, '/demo/new')).body, 'green /demo/new');
      await runtime.waitForOldWorkers(20_000, signal);
      const resolvedAt = Date.now();
      assert.ok(completedAt > 0 && completedAt <= resolvedAt, 'waitForOldWorkers resolved before the slow request completed');
      assert.deepEqual(await slow, { status: 200, body: 'blue /demo/slow?ms=1500' });
      assert.deepEqual((await runtime.status(signal)).workers.filter((w) => w.old), []);
    });
    await step('stops gracefully: the port is free and the pid file gone', async () => {
      const pid = (await runtime.status(signal)).pid;
      assert.ok(pid !== undefined);
      await runtime.stop(signal);
      assert.equal((await runtime.status(signal)).running, false);
      assert.equal(await portIsFree(18080), true);
      await assert.rejects(stat(path.join(dir, 'haproxy.pid')), /ENOENT/);
      await runtime.stop(signal);
    });
  });

  it('cleans up a stale pid file (dead or foreign pid) and starts a new proxy', async () => {
    const dead = spawn('true');
    const deadPid = await new Promise<number>((resolve) => dead.on('exit', () => resolve(dead.pid ?? 0)));
    for (const stale of [deadPid, process.pid]) {
      await writeFile(path.join(dir, 'haproxy.pid'), `${stale}\n`);
      assert.equal((await runtime.status(signal)).running, false);
      const config = demo(blue);
      assert.deepEqual(await runtime.apply(config.text, config.version, signal), { changed: true });
      const status = await runtime.status(signal);
      assert.ok(status.running && status.pid !== stale);
      assert.equal((await get(18080, '/demo')).status, 200);
      await runtime.stop(signal);
    }
  });

  it('fails clearly when the port is taken, naming the port and --proxy-port', async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(18082, '127.0.0.1', resolve));
    const otherDir = path.join(root, 'other', 'proxy');
    await mkdir(otherDir, { recursive: true });
    const other = newRuntime({ dir: otherDir, httpPort: 18082, statusPort: 18083 });
    try {
      const config = renderFor(other.renderTarget, []);
      await assert.rejects(other.apply(config.text, config.version, signal), (error: unknown) => error instanceof ProxyError && error.message.includes('18082') && /already in use/.test(error.message) && (error.hint ?? '').includes('--proxy-port'));
      assert.equal((await other.status(signal)).running, false);
    } finally {
      await new Promise<void>((resolve) => blocker.close(() => resolve()));
      await other.stop(signal);
    }
  });
});
