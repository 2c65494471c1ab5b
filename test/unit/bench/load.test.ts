import assert from 'node:assert/strict';
import http from 'node:http';
import { runLoad } from '../../../scripts/bench/load';
import type { LoadOptions } from '../../../scripts/bench/load';
import { LoadTimeline } from '../../../scripts/bench/load-timeline';
import { ConfigError } from '../../../src/errors';

interface TestServer {
  readonly url: string;
  /** Requests the server has seen. */
  readonly seen: () => number;
  close(): Promise<void>;
}

/** A node:http server on 127.0.0.1 whose answer to the n-th request (1-based) `handle` decides. */
async function startServer(handle: (n: number, req: http.IncomingMessage, res: http.ServerResponse) => void): Promise<TestServer> {
  let seen = 0;
  const server = http.createServer((req, res) => {
    seen += 1;
    handle(seen, req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error(`test server listens on ${String(address)}, not a TCP port`);
  const { port } = address;
  return {
    url: `http://127.0.0.1:${port}/bench/`,
    seen: () => seen,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const answer = (res: http.ServerResponse, status: number, body: string): void => {
  res.writeHead(status, { 'content-type': 'text/plain' }).end(body);
};

const base = { ratePerSec: 400, durationMs: 250, maxRequests: 10_000, timeoutMs: 2000, connections: 4 } as const satisfies Omit<LoadOptions, 'url'>;

describe('bench/runLoad against a local node:http server', () => {
  let server: TestServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('sends rate × duration requests and reports ok, non-2xx by status, latency percentiles and the body histogram', async () => {
    server = await startServer((n, _req, res) => {
      if (n % 10 === 0) answer(res, 503, '<html>no server available</html>');
      else answer(res, 200, `version: ${n % 2 === 0 ? 'v2' : 'v1'}\ninstance: test\n`);
    });
    const report = await runLoad({ url: server.url, ...base });
    assert.equal(report.total, 100);
    assert.equal(server.seen(), 100);
    assert.equal(report.stoppedBy, 'duration');
    assert.equal(report.ok, 90);
    assert.equal(report.failed, 10);
    assert.deepEqual(report.failures, { connection: {}, status: { '503': 10 }, timeout: 0 });
    assert.deepEqual(report.bodies, { 'version: v1': 50, 'version: v2': 40 });
    const latency = report.latencyMs;
    assert.ok(latency !== undefined);
    assert.equal(latency.count, 90);
    assert.ok(latency.min > 0 && latency.min <= latency.p50 && latency.p50 <= latency.p90 && latency.p90 <= latency.p99 && latency.p99 <= latency.max);
    assert.ok(report.achievedRatePerSec > 0 && report.elapsedMs > 0);
    assert.equal(report.requestedRatePerSec, 400);
    assert.equal(report.url, server.url);
    assert.deepEqual(report.timeline, []);
    assert.deepEqual(report.failureSamples.map((f) => f.kind), Array<string>(10).fill('HTTP 503'));
    assert.ok(report.failureSamples.every((f, i, all) => f.atMs >= 0 && f.atMs <= report.elapsedMs && (i === 0 || (all[i - 1]?.atMs ?? 0) <= f.atMs)));
  });

  it('stops by itself at maxRequests', async () => {
    server = await startServer((_n, _req, res) => answer(res, 200, 'ok'));
    const report = await runLoad({ url: server.url, ...base, maxRequests: 7 });
    assert.equal(report.stoppedBy, 'maxRequests');
    assert.equal(report.total, 7);
    assert.equal(server.seen(), 7);
  });

  it('classify decides the histogram keys', async () => {
    server = await startServer((n, _req, res) => answer(res, 200, n <= 3 ? 'alpha' : 'beta'));
    const report = await runLoad({ url: server.url, ...base, maxRequests: 5, connections: 1, classify: (body) => body.toUpperCase() });
    assert.deepEqual(report.bodies, { ALPHA: 3, BETA: 2 });
  });

  it('counts a refused connection as ECONNREFUSED, with no latency figures', async () => {
    server = await startServer(() => undefined);
    const { url } = server;
    await server.close();
    server = undefined;
    const report = await runLoad({ url, ...base, maxRequests: 5 });
    assert.equal(report.total, 5);
    assert.equal(report.ok, 0);
    assert.deepEqual(report.failures, { connection: { ECONNREFUSED: 5 }, status: {}, timeout: 0 });
    assert.equal(report.latencyMs, undefined);
    assert.deepEqual(report.failureSamples.map((f) => f.kind), Array<string>(5).fill('ECONNREFUSED'));
  });

  it('counts a connection the server drops as ECONNRESET', async () => {
    server = await startServer((_n, req) => req.socket.destroy());
    const report = await runLoad({ url: server.url, ...base, maxRequests: 3 });
    assert.equal(report.total, 3);
    const codes = Object.keys(report.failures.connection);
    assert.ok(codes.length > 0 && codes.every((code) => code.startsWith('ECONNRESET')), codes.join(', '));
    assert.deepEqual({ ...report.failures, connection: {} }, { connection: {}, status: {}, timeout: 0 });
    assert.equal(report.failed, 3);
  });

  it('counts a request without an answer within timeoutMs as a timeout, and still ends', async () => {
    server = await startServer(() => undefined);
    const report = await runLoad({ url: server.url, ...base, maxRequests: 3, timeoutMs: 150 });
    assert.deepEqual(report.failures, { connection: {}, status: {}, timeout: 3 });
    assert.equal(report.failed, 3);
  });

  it('the signal stops sending at once; requests in flight finish and are counted', async () => {
    const controller = new AbortController();
    server = await startServer((n, _req, res) => {
      if (n === 20) controller.abort();
      answer(res, 200, 'ok');
    });
    const report = await runLoad({ url: server.url, ...base, durationMs: 60_000, signal: controller.signal });
    assert.equal(report.stoppedBy, 'signal');
    assert.ok(report.total >= 20 && report.total < 40, `total ${report.total}`);
    assert.equal(report.total, server.seen());
    assert.equal(report.ok, report.total);
  });

  it('the timeline shows when the first answer of the new version came after a cutover mark', async () => {
    const timeline = new LoadTimeline();
    let version = 'v1';
    server = await startServer((n, _req, res) => {
      if (n === 30) {
        timeline.mark('cutover 1 started', { expect: 'version: v2' });
        version = 'v2';
      }
      answer(res, 200, `version: ${version}\n`);
    });
    const report = await runLoad({ url: server.url, ...base, maxRequests: 60, timeline });
    assert.deepEqual(report.bodies, { 'version: v1': 29, 'version: v2': 31 });
    const [cutover] = report.timeline;
    assert.ok(cutover !== undefined && cutover.firstExpectedMs !== undefined && cutover.switchMs !== undefined);
    assert.equal(cutover.label, 'cutover 1 started');
    assert.ok(cutover.atMs > 0 && cutover.switchMs >= 0 && Math.abs(cutover.firstExpectedMs - cutover.atMs - cutover.switchMs) < 1e-6);
  });

  it('refuses URLs outside the network rule and options that are not positive, before sending anything', async () => {
    await assert.rejects(runLoad({ url: 'http://192.168.0.1/', ...base }), ConfigError);
    await assert.rejects(runLoad({ url: 'http://127.0.0.1:9/', ...base, ratePerSec: 0 }), (e: unknown) => e instanceof ConfigError && e.key === 'ratePerSec');
    await assert.rejects(runLoad({ url: 'http://127.0.0.1:9/', ...base, timeoutMs: Number.NaN }), (e: unknown) => e instanceof ConfigError && e.key === 'timeoutMs');
  });
});
