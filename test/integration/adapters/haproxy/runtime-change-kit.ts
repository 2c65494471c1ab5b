import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { ProxyRuntime } from '../../../../src/ports/proxy-runtime';
import { EmbeddedKvStore } from '../../../../src/adapters/state/embedded-kv-store';
import { FileLockManager } from '../../../../src/adapters/state/file-lock-manager';
import { haproxyGateway, type RefreshingProxyGateway, type ServerSource } from '../../../../src/apply/haproxy-gateway';
import { systemClock } from '../../../../src/clock';
import type { Color } from '../../../../src/domain/color';
import type { RouteSpec } from '../../../../src/domain/plan';
import { ProxyError } from '../../../../src/errors';
import { silentLogger } from '../../../../src/logger';
import { ServiceStore } from '../../../../src/store/service-store';
import { templatesDir } from '../../../fixtures/haproxy/fixture-paths';
import { get, recordingLogger, requestLoop, startBackend, type Backend, type LogLine, type LoopResult } from './haproxy-kit';

/** Where the scenarios run: a proxy runtime, where clients reach it, where its servers listen, and how to tell a reload happened. */
export interface RuntimeFixture {
  readonly runtime: ProxyRuntime;
  /** Address and port clients use. */
  readonly proxyHost: string;
  readonly httpPort: number;
  /** The address the test's backends listen on (reachable from the proxy). */
  readonly backendHost: string;
  /** Changes when HAProxy reloads or restarts: the master's reload counter and the worker pids. */
  reloadMark(signal: AbortSignal): Promise<string>;
  cleanup(): Promise<void>;
}

/**
 * The runtime-change scenarios of issue 11, against a real HAProxy: switches, a scale and canary
 * steps change servers without a reload and are served; a new path reloads; running out of slots
 * grows the table with one reload; a refused command is reverted (exit 5); requests flow throughout.
 */
export function runtimeChangeScenarios(setUp: () => Promise<RuntimeFixture>): void {
  const signal = (): AbortSignal => AbortSignal.timeout(60_000);
  const lines: LogLine[] = [];
  const pool = new Map<string, Backend>();
  const members = new Map<Color, Backend[]>();
  /** The colour's servers are now these backends of the pool. */
  const use = (color: Color, names: readonly string[]): void => {
    members.set(color, names.flatMap((name) => pool.get(name) ?? []));
  };
  let fixture: RuntimeFixture;
  let dir = '';
  let kv: EmbeddedKvStore;
  let loop: { stop(): Promise<LoopResult> };
  const servers: ServerSource = (route) => Promise.resolve((members.get(route.color ?? 'blue') ?? []).map((b) => ({ name: `shop-app_${b.name}`, host: 'test', address: fixture.backendHost, port: b.port })));
  const gateway = (runtime: ProxyRuntime = fixture.runtime): RefreshingProxyGateway =>
    haproxyGateway({
      engines: new Map(), store: new ServiceStore(kv), locks: new FileLockManager({ stateDir: dir, logger: silentLogger }), proxies: [{ name: 'local', kind: 'local', runtime }], templatesDir, drainMs: 1000,
      clock: systemClock, who: 'test', customTemplates: {}, servers, logger: recordingLogger(lines),
    });
  const spec = (color: Color, paths: readonly string[] = ['/app'], canary?: RouteSpec['canary']): RouteSpec => ({
    service: 'shop-app', project: 'shop', target: 'app', color, paths, port: 8080, exclude: [], ...(canary === undefined ? {} : { canary }),
  });
  /** Who answers `path` through the proxy: at least 6 requests, and more until every one of `expected` answered (200 at most), so the other clients' requests cannot hide one. */
  const answers = async (expected: readonly string[], path = '/app/x'): Promise<string[]> => {
    const seen = new Set<string>();
    for (let i = 0; i < 200 && (i < 6 || !expected.every((name) => seen.has(name))); i += 1) seen.add((await get(fixture.httpPort, path, fixture.proxyHost)).body.split(' ')[0] ?? '');
    return [...seen].sort();
  };
  const said = (): { readonly runtime: number; readonly reloads: readonly string[] } => ({
    runtime: lines.filter((l) => l.message.startsWith('proxy switched at runtime')).length,
    reloads: lines.filter((l) => l.message.startsWith('proxy reloaded: ')).map((l) => l.message),
  });

  before(async () => {
    fixture = await setUp();
    dir = await mkdtemp(join(tmpdir(), 'df-runtime-change-'));
    kv = new EmbeddedKvStore({ stateDir: dir, logger: silentLogger });
    for (const name of ['b1', 'b2', 'b3', 'b4', 'b5', 'g1', 'g2', 'g3', 'g4', 'g5']) pool.set(name, await startBackend(name, fixture.backendHost));
    use('blue', ['b1']);
    await gateway().route(spec('blue'), signal());
    loop = requestLoop(fixture.httpPort, '/app/loop', { concurrency: 3, maxRequests: 100_000, maxMs: 120_000, host: fixture.proxyHost });
  });
  after(async () => {
    await loop.stop();
    await fixture.cleanup();
    await Promise.all([...pool.values()].map((b) => b.close()));
    await rm(dir, { recursive: true, force: true });
  });

  it('a switch, a scale and two canary steps go through the runtime API: no reload, each served, each said once', async () => {
    const mark = await fixture.reloadMark(signal());
    const before = said();
    use('green', ['g1']);
    await gateway().route(spec('green'), signal());
    assert.deepEqual(await answers(['g1']), ['g1'], 'the switch is served as soon as route() returns');
    use('green', ['g1', 'g2']);
    await gateway().route(spec('green'), signal());
    assert.deepEqual(await answers(['g1', 'g2']), ['g1', 'g2']);
    await gateway().route(spec('blue', ['/app'], { color: 'green', percent: 50 }), signal());
    assert.deepEqual(await answers(['b1', 'g1', 'g2']), ['b1', 'g1', 'g2']);
    await gateway().route(spec('blue', ['/app'], { color: 'green', percent: 10 }), signal());
    const stats = await gateway().serverStats('shop-app', signal());
    const weight = (server: string): number | undefined => stats.find((s) => s.server === `shop-app_${server}`)?.weight;
    assert.deepEqual([weight('b1'), weight('g1'), weight('g2')], [18, 1, 1], 'blue 90 %, green 10 % over two servers');
    assert.deepEqual(stats.filter((s) => s.server !== undefined).map((s) => s.color).sort(), ['blue', 'green', 'green']);
    assert.equal(await fixture.reloadMark(signal()), mark, 'HAProxy was not reloaded');
    assert.deepEqual(said(), { runtime: before.runtime + 4, reloads: before.reloads });
  });

  it('drain waits until a request in flight to a server taken out has finished', async () => {
    const mark = await fixture.reloadMark(signal());
    await gateway().route(spec('green'), signal());
    const g1 = pool.get('g1');
    const slow = (async () => {
      for (;;) {
        const reply = await get(fixture.httpPort, '/app/slow?ms=1200', fixture.proxyHost);
        if (reply.body.startsWith('g1 ')) return reply;
      }
    })();
    await waitUntil(() => (g1?.counts.slowInFlight ?? 0) > 0, 'a slow request to reach g1');
    use('green', ['g2']);
    await gateway().route(spec('green'), signal());
    await gateway().drain('shop-app', 20_000, signal());
    assert.equal(g1?.counts.slowInFlight, 0, 'drain returned while g1, taken out, still had the slow request');
    assert.equal((await slow).status, 200);
    assert.equal(await fixture.reloadMark(signal()), mark);
  });

  it('a new path reloads once, and says why', async () => {
    const mark = await fixture.reloadMark(signal());
    const before = said();
    await gateway().route(spec('green', ['/app', '/app2']), signal());
    assert.deepEqual(await answers(['g2'], '/app2/x'), ['g2']);
    assert.notEqual(await fixture.reloadMark(signal()), mark);
    assert.deepEqual(said(), { runtime: before.runtime, reloads: [...before.reloads, 'proxy reloaded: frontend http changed'] });
  });

  it('out of slots: the backend grows with one reload, and the next switch is at runtime again', async () => {
    use('green', ['g1', 'g2', 'g3', 'g4', 'g5']);
    use('blue', ['b1', 'b2', 'b3', 'b4', 'b5']);
    await gateway().route(spec('green', ['/app', '/app2']), signal());
    const mark = await fixture.reloadMark(signal());
    const before = said();
    await gateway().route(spec('blue', ['/app', '/app2']), signal());
    assert.deepEqual(await answers(['b1', 'b2', 'b3', 'b4', 'b5']), ['b1', 'b2', 'b3', 'b4', 'b5']);
    const grown = await fixture.reloadMark(signal());
    assert.notEqual(grown, mark);
    assert.deepEqual(said().reloads.slice(before.reloads.length), ['proxy reloaded: shop-app needs 10 slots at once and has 8: growing to 16']);
    await gateway().route(spec('green', ['/app', '/app2']), signal());
    assert.equal(await fixture.reloadMark(signal()), grown, 'with 16 slots the switch back is at runtime');
    assert.deepEqual(await answers(['g1', 'g2', 'g3', 'g4', 'g5']), ['g1', 'g2', 'g3', 'g4', 'g5']);
  });

  it('a command HAProxy refuses is reverted: exit 5 naming the command and the answer, the previous servers serve, the route is unchanged', async () => {
    const mark = await fixture.reloadMark(signal());
    const real = fixture.runtime;
    const refusing: ProxyRuntime = {
      describe: () => real.describe(), renderTarget: real.renderTarget, inspect: (s) => real.inspect(s), apply: (t, v, s) => real.apply(t, v, s),
      applyRuntime: (change, s, before) => real.applyRuntime({ ...change, commands: [...change.commands, { kind: 'weight', backend: 'shop-app', slot: 's99', weight: 1 }] }, s, before),
      serverStats: (b, s) => real.serverStats(b, s), responseSamples: (b, s) => real.responseSamples(b, s), waitForOldWorkers: (ms, s) => real.waitForOldWorkers(ms, s), status: (s) => real.status(s), stop: (s) => real.stop(s),
    };
    await assert.rejects(gateway(refusing).route(spec('blue', ['/app', '/app2']), signal()), (error: unknown) => {
      assert.ok(error instanceof ProxyError, String(error));
      assert.equal(error.exitCode, 5);
      assert.match(error.message, /HAProxy refused "set weight shop-app\/s99 1": "No such server\."/);
      assert.match(error.message, /the change was reverted: the previous servers serve/);
      return true;
    });
    assert.deepEqual(await answers(['g1', 'g2', 'g3', 'g4', 'g5']), ['g1', 'g2', 'g3', 'g4', 'g5']);
    const route = (await new ServiceStore(kv).read('shop-app', signal())).route;
    assert.deepEqual([route?.color, route?.switching], ['green', undefined]);
    assert.equal(await fixture.reloadMark(signal()), mark);
  });

  it('requests kept succeeding through every change (a bounded loop, counted)', async () => {
    const result = await loop.stop();
    assert.deepEqual(result.failures.slice(0, 5), [], `${result.failures.length} failed of ${result.ok + result.failures.length}`);
    assert.ok(result.ok > 50, `only ${result.ok} requests went through`);
  });
}

async function waitUntil(check: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
