import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { haproxyGateway, type ServerSource } from '../../../../src/apply/haproxy-gateway';
import { LocalHaproxyRuntime } from '../../../../src/adapters/haproxy/local-haproxy-runtime';
import type { ProxyRuntime } from '../../../../src/ports/proxy-runtime';
import { EmbeddedKvStore } from '../../../../src/adapters/state/embedded-kv-store';
import { FileLockManager } from '../../../../src/adapters/state/file-lock-manager';
import { systemClock } from '../../../../src/clock';
import type { Color } from '../../../../src/domain/color';
import type { RouteSpec } from '../../../../src/domain/plan';
import type { RouteRecord } from '../../../../src/domain/records';
import { ProxyError } from '../../../../src/errors';
import { silentLogger } from '../../../../src/logger';
import { ServiceStore } from '../../../../src/store/service-store';
import { templatesDir } from '../../../fixtures/haproxy/fixture-paths';
import { freePort } from '../../support/free-port';
import { httpGet } from '../../support/http-get';
import { startBackend, type Backend } from './haproxy-kit';

/** A docker-flow that dies right after HAProxy switched (at runtime), before it confirms the switch in the store. */
class DiesAfterSwitch extends ServiceStore {
  override async writeRoute(service: string, route: RouteRecord, expectedIndex: number, signal: AbortSignal): Promise<void> {
    if (route.switching === undefined && route.color === 'green') throw new Error('SIGKILL (simulated) after the proxy switched');
    return super.writeRoute(service, route, expectedIndex, signal);
  }
}

describe('proxy switch interrupted between the proxy change and the route record (real HAProxy, embedded store)', function () {
  this.timeout(120_000);
  let dir: string;
  let port: number;
  let runtime: LocalHaproxyRuntime;
  let kv: EmbeddedKvStore;
  const backends = new Map<Color, Backend>();
  const running = new Set<Color>();
  const servers: ServerSource = (route) => {
    const backend = route.color === undefined || !running.has(route.color) ? undefined : backends.get(route.color);
    return Promise.resolve(backend === undefined ? [] : [{ name: `${route.service}_${backend.name}`, host: 'local', address: '127.0.0.1', port: backend.port }]);
  };
  const gateway = (store: ServiceStore, backendTemplate?: string) =>
    haproxyGateway({
      engines: new Map(), store, locks: new FileLockManager({ stateDir: dir, logger: silentLogger }), proxies: [{ name: 'local', kind: 'local', runtime }], templatesDir, drainMs: 1000,
      clock: systemClock, who: 'test', customTemplates: backendTemplate === undefined ? {} : { backend: backendTemplate }, servers,
    });
  const store = (): ServiceStore => new ServiceStore(kv);
  const spec = (service: string, color: Color): RouteSpec => ({ service, project: 'shop', target: service.replace(/^shop-/, ''), color, paths: [`/${service}`], port: 8080, exclude: [] });
  const answer = async (service: string): Promise<string> => (await httpGet(`http://127.0.0.1:${port}/${service}/`)).body.split(' ')[0] ?? '';
  const record = async (service: string): Promise<RouteRecord | undefined> => (await store().read(service, AbortSignal.timeout(10_000))).route;
  const signal = (): AbortSignal => AbortSignal.timeout(60_000);

  /** blue is routed; a switch to green dies after the proxy switched: HAProxy serves green, the record still says "switching". */
  const interruptedSwitch = async (service: string): Promise<void> => {
    await gateway(store()).route(spec(service, 'blue'), signal());
    assert.equal(await answer(service), 'blue');
    await assert.rejects(gateway(new DiesAfterSwitch(kv)).route(spec(service, 'green'), signal()), /SIGKILL \(simulated\)/);
    assert.equal(await answer(service), 'green', 'HAProxy already serves green');
    const left = await record(service);
    assert.equal(left?.color, 'green');
    assert.equal(left?.switching?.previous?.color, 'blue', 'the record says the switch from blue was not confirmed');
  };

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'df-switch-'));
    port = await freePort();
    runtime = new LocalHaproxyRuntime({ dir: join(dir, 'proxy'), httpPort: port, statusPort: await freePort(), logger: silentLogger });
    kv = new EmbeddedKvStore({ stateDir: dir, logger: silentLogger });
    for (const color of ['blue', 'green'] as const) backends.set(color, await startBackend(color));
  });
  beforeEach(() => {
    running.clear();
    running.add('blue').add('green');
  });
  after(async () => {
    await runtime.stop(AbortSignal.timeout(30_000));
    for (const backend of backends.values()) await backend.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('the next run finishes the switch when the new colour still runs', async () => {
    await interruptedSwitch('shop-a');
    const settled = await gateway(store()).settleSwitch('shop-a', signal());
    assert.equal(settled?.outcome, 'finished');
    assert.equal(await answer('shop-a'), 'green');
    const now = await record('shop-a');
    assert.deepEqual([now?.color, now?.switching], ['green', undefined]);
    assert.equal(await gateway(store()).settleSwitch('shop-a', signal()), undefined, 'nothing is left to settle');
  });

  it('the next run serves the previous route again when the new colour no longer runs', async () => {
    await interruptedSwitch('shop-b');
    running.delete('green');
    const settled = await gateway(store()).settleSwitch('shop-b', signal());
    assert.equal(settled?.outcome, 'reverted');
    assert.equal(await answer('shop-b'), 'blue');
    const now = await record('shop-b');
    assert.deepEqual([now?.color, now?.switching], ['blue', undefined]);
  });

  it('proxy watch (refresh) settles a switch left half-done, and leaves the other services as they are', async () => {
    await interruptedSwitch('shop-c');
    const { settled } = await gateway(store()).refresh(signal());
    assert.deepEqual(settled.map((s) => [s.service, s.outcome]), [['shop-c', 'finished']]);
    assert.equal(await answer('shop-c'), 'green');
    assert.equal(await answer('shop-a'), 'green');
    assert.equal(await answer('shop-b'), 'blue');
    assert.equal((await record('shop-c'))?.switching, undefined);
  });

  it('a switch that fails after HAProxy applied it: the previous servers are put back and the record restored', async () => {
    await gateway(store()).route(spec('shop-e', 'blue'), signal());
    const greenPort = backends.get('green')?.port;
    // the real proxy switches to green at runtime, then the runtime reports a failure (as when the new version is not served in time)
    const failing: ProxyRuntime = {
      describe: () => runtime.describe(),
      renderTarget: runtime.renderTarget,
      inspect: (s) => runtime.inspect(s),
      apply: (text, version, s) => runtime.apply(text, version, s),
      applyRuntime: async (change, s, before) => {
        const result = await runtime.applyRuntime(change, s, before);
        if (change.commands.some((c) => c.backend === 'shop-e' && c.kind === 'addr' && c.port === greenPort)) throw new ProxyError('the proxy did not serve the new configuration in time (simulated after a real runtime change)');
        return result;
      },
      serverStats: (backend, s) => runtime.serverStats(backend, s),
      responseSamples: (backend, s) => runtime.responseSamples(backend, s),
      waitForOldWorkers: (ms, s) => runtime.waitForOldWorkers(ms, s),
      status: (s) => runtime.status(s),
      stop: (s) => runtime.stop(s),
    };
    const withFailingReload = haproxyGateway({
      engines: new Map(), store: store(), locks: new FileLockManager({ stateDir: dir, logger: silentLogger }), proxies: [{ name: 'local', kind: 'local', runtime: failing }], templatesDir, drainMs: 1000,
      clock: systemClock, who: 'test', customTemplates: {}, servers,
    });
    await assert.rejects(withFailingReload.route(spec('shop-e', 'green'), signal()), (error: unknown) => error instanceof ProxyError && /simulated after a real runtime change/.test(error.message));
    assert.equal(await answer('shop-e'), 'blue', 'HAProxy serves the previous configuration again');
    const now = await record('shop-e');
    assert.deepEqual([now?.color, now?.switching], ['blue', undefined]);
  });

  it('a switch HAProxy refuses leaves the previous configuration and record in place, with no switch marker', async () => {
    await gateway(store()).route(spec('shop-d', 'blue'), signal());
    const broken = 'backend SERVICE_NAME-be\n    no-such-keyword-here\n{{#each servers}}\n    server {{name}} {{address}}:{{port}} check\n{{/each}}\n';
    await assert.rejects(gateway(store(), broken).route(spec('shop-d', 'green'), signal()), (error: unknown) => error instanceof ProxyError && /no-such-keyword-here/.test(error.message));
    assert.equal(await answer('shop-d'), 'blue');
    const now = await record('shop-d');
    assert.deepEqual([now?.color, now?.switching, now?.backendTemplate], ['blue', undefined, undefined]);
  });
});
