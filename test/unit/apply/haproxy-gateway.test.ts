import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { EmbeddedKvStore } from '../../../src/adapters/state/embedded-kv-store';
import { FileLockManager } from '../../../src/adapters/state/file-lock-manager';
import { haproxyGateway } from '../../../src/apply/haproxy-gateway';
import { stepTimeline } from '../../../src/step-timeline';
import type { ContainerInfo } from '../../../src/domain/container';
import type { HostSpec } from '../../../src/domain/host';
import type { RouteSpec } from '../../../src/domain/plan';
import { silentLogger, type Logger } from '../../../src/logger';
import { ServiceStore } from '../../../src/store/service-store';
import { templatesDir } from '../../fixtures/haproxy/fixture-paths';
import { container } from '../builders';
import { fakeEngine } from '../support/fake-engine';
import { FakeProxyRuntime } from './fake-proxy-runtime';

const host: HostSpec = { name: 'local', endpoint: { scheme: 'unix', socketPath: '/tmp/local/docker.sock' }, address: '127.0.0.1', labels: {} };
const instance = (color: 'blue' | 'green', port: number): ContainerInfo => ({
  ...container(`shop_app-${color}_1`, { color }),
  labels: { 'io.docker-flow.service': 'shop-app', 'io.docker-flow.role': 'target' },
  publishedPorts: [{ containerPort: 8080, protocol: 'tcp', hostIp: '127.0.0.1', hostPort: port }],
});
const routeTo = (color: 'blue' | 'green'): RouteSpec => ({ service: 'shop-app', project: 'shop', target: 'app', color, paths: ['/app'], port: 8080, exclude: [] });
const signal = new AbortController().signal;

/** A gateway on a real embedded store and lock files in a temp folder, one fake proxy, and a clock that moves 5 ms on each reading. */
async function gateway(debug: { message: string; fields: Readonly<Record<string, unknown>> | undefined }[], more: { readonly stateDir?: string; readonly serverMaxconn?: number } = {}) {
  const stateDir = more.stateDir ?? (await mkdtemp(join(tmpdir(), 'df-gateway-')));
  const store = new ServiceStore(new EmbeddedKvStore({ stateDir, logger: silentLogger }));
  const proxy = new FakeProxyRuntime('local');
  let now = 0;
  const logger: Logger = { ...silentLogger, debug: (message, fields) => void debug.push({ message, fields }), child: () => logger };
  const g = haproxyGateway({
    engines: new Map([['local', fakeEngine(host, { containers: [instance('blue', 32001), instance('green', 32002)] })]]),
    store, locks: new FileLockManager({ stateDir, logger: silentLogger }), proxies: [{ name: 'local', kind: 'local', runtime: proxy }],
    templatesDir, drainMs: 1000, clock: { now: () => (now += 5), sleep: () => Promise.resolve() }, who: 'test', customTemplates: {}, logger,
    ...(more.serverMaxconn === undefined ? {} : { serverMaxconn: more.serverMaxconn }),
  });
  return { g, proxy, store, stateDir, done: () => rm(stateDir, { recursive: true, force: true }) };
}

describe('apply/haproxyGateway: prepare and the route timeline', () => {
  it('prepare changes nothing: the proxy is not touched and the stored route stays as it was', async () => {
    const { g, proxy, store, done } = await gateway([]);
    try {
      await g.route(routeTo('blue'), signal);
      const before = await store.readRoute('shop-app', signal);
      const changes = [...proxy.changes];
      await g.prepare(signal);
      assert.deepEqual(proxy.changes, changes, 'no change reached the proxy');
      assert.deepEqual(await store.readRoute('shop-app', signal), before, 'the stored route is unchanged');
    } finally {
      await done();
    }
  });

  it('a route logs, at debug level, when each of its parts finished, from the start of the step', async () => {
    const debug: { message: string; fields: Readonly<Record<string, unknown>> | undefined }[] = [];
    const { g, proxy, store, done } = await gateway(debug);
    try {
      await g.route(routeTo('green'), signal);
      assert.equal((await store.readRoute('shop-app', signal))?.color, 'green');
      assert.equal(proxy.changes.length, 1, 'the proxy was switched once');
      const line = debug.find((d) => d.message.startsWith('route shop-app: '));
      assert.ok(line !== undefined, `a timeline line was logged: ${JSON.stringify(debug.map((d) => d.message))}`);
      const timeline = line.fields?.['timeline'] as Record<string, number>;
      assert.deepEqual(Object.keys(timeline).sort(), ['instances', 'intent', 'lock', 'proxies', 'record', 'routes']);
      assert.ok((timeline['routes'] ?? 0) > (timeline['lock'] ?? Infinity), 'the routes are read once the lock is held');
      assert.equal(Math.max(...Object.values(timeline)), timeline['record'], 'the record is written last');
      assert.match(line.message, /instances \d+ ms.*record \d+ ms/);
    } finally {
      await done();
    }
  });
});

describe('apply/haproxyGateway: --proxy-server-maxconn', () => {
  it('is stored with the route and rendered as the backend\'s default-server maxconn; a later route without it keeps it; 0 removes it', async () => {
    const first = await gateway([], { serverMaxconn: 32 });
    try {
      await first.g.route(routeTo('blue'), signal);
      assert.equal((await first.store.readRoute('shop-app', signal))?.serverMaxconn, 32);
      assert.match(first.proxy.served?.text ?? '', /^backend shop-app\n {4}balance roundrobin\n(.*\n)? {4}default-server maxconn 32\n/m);
      const later = await gateway([], { stateDir: first.stateDir });
      await later.g.route(routeTo('green'), signal);
      assert.equal((await later.store.readRoute('shop-app', signal))?.serverMaxconn, 32, 'kept when not given');
      const removed = await gateway([], { stateDir: first.stateDir, serverMaxconn: 0 });
      await removed.g.route(routeTo('green'), signal);
      assert.equal((await removed.store.readRoute('shop-app', signal))?.serverMaxconn, undefined, '0: no limit');
      assert.doesNotMatch(removed.proxy.served?.text ?? '', /maxconn/);
    } finally {
      await first.done();
    }
  });
});

describe('apply/stepTimeline', () => {
  it('marks each part with the time since the start, in the order they finished', async () => {
    let now = 100;
    const timeline = stepTimeline({ now: () => now, sleep: () => Promise.resolve() });
    now = 112;
    timeline.mark('lock');
    now = 130;
    assert.equal(await timeline.after('instances', Promise.resolve('x')), 'x');
    assert.deepEqual(timeline.marks(), { lock: 12, instances: 30 });
    assert.equal(timeline.text(), 'lock 12 ms, instances 30 ms');
  });
});
