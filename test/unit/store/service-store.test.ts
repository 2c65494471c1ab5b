import assert from 'node:assert/strict';
import { CorruptRecordError } from '../../../src/errors';
import { ServiceStore, stateKeys } from '../../../src/store/service-store';
import { MemoryKvStore, release } from '../watch/agent-support';

const signal = new AbortController().signal;
const route = { service: 'shop-app', project: 'shop', target: 'app', color: 'blue', paths: ['/shop'], port: 8080, servers: [], updatedAt: '2024-06-03T10:00:00.000Z' };

describe('store/service-store: corrupt records are reported, never dropped silently', () => {
  it('reads the records that parse and names each one that does not, with its key and why', async () => {
    const kv = new MemoryKvStore();
    const store = new ServiceStore(kv);
    await store.writeRelease(release('shop-app', 1, 'app:v1', 'succeeded'), signal);
    await store.writeRelease(release('shop-app', 2, 'app:v2', 'succeeded'), signal);
    await kv.put(stateKeys.release('shop-app', 3), '{"number": 3, "result": "succ', {});
    await kv.put(stateKeys.color('shop-app'), 'purple', {});
    await kv.put(stateKeys.scale('shop-app'), 'two', {});
    await kv.put(stateKeys.route('shop-app'), JSON.stringify({ ...route, port: '8080' }), {});

    const snapshot = await store.read('shop-app', signal);
    assert.deepEqual(snapshot.releases.map((r) => r.number), [2, 1]);
    assert.deepEqual(snapshot.state, { nextRelease: 4 }, 'the corrupt release 3 keeps its number: release 4 comes next, 3 is never overwritten');
    assert.equal(snapshot.route, undefined);
    assert.deepEqual(snapshot.corrupt.map((c) => c.key).sort(), [
      'docker-flow/shop-app/color', 'docker-flow/shop-app/releases/00000003', 'docker-flow/shop-app/route', 'docker-flow/shop-app/scale',
    ]);
    const reasons = new Map(snapshot.corrupt.map((c) => [c.key, c.reason]));
    assert.equal(reasons.get('docker-flow/shop-app/color'), 'is not a colour: expected blue or green, found "purple"');
    assert.equal(reasons.get('docker-flow/shop-app/scale'), 'is not a scale: expected a whole number of at least 1, found "two"');
    assert.equal(reasons.get('docker-flow/shop-app/route'), 'is not a route record: port: expected a whole number of at least 1, found "8080"');
    assert.match(reasons.get('docker-flow/shop-app/releases/00000003') ?? '', /^is not a release record: not JSON \(/);
  });

  it('readRoutes lists the good routes and the corrupt ones; listRoutes (what the proxy renders) refuses to leave a service out', async () => {
    const kv = new MemoryKvStore();
    const store = new ServiceStore(kv);
    await store.writeRoute('shop-app', { ...route, color: 'blue' }, 0, signal);
    await kv.put(stateKeys.route('shop-api'), 'null', {});

    const { routes, corrupt } = await store.readRoutes(signal);
    assert.deepEqual(routes.map((r) => r.route.service), ['shop-app']);
    assert.deepEqual(corrupt, [{ key: 'docker-flow/shop-api/route', reason: 'is not a route record: expected an object, found null' }]);
    await assert.rejects(store.listRoutes(signal), (error: unknown) => {
      assert.ok(error instanceof CorruptRecordError);
      assert.equal(error.exitCode, 1);
      assert.equal(error.message, 'docker-flow/shop-api/route is not a route record: expected an object, found null (in the memory store)');
      assert.match(error.hint ?? '', /fix or delete it .*consul kv delete/);
      return true;
    });
    assert.equal((await store.readRoute('shop-app', signal))?.color, 'blue');
    assert.equal(await store.readRoute('blog-app', signal), undefined);
    await assert.rejects(store.readRoute('shop-api', signal), (error: unknown) => error instanceof CorruptRecordError && error.message === 'docker-flow/shop-api/route is not a route record: expected an object, found null (in the memory store)');
    const other = await store.read('shop-app', signal);
    assert.deepEqual(other.corrupt, [], "another service's corrupt route is not this one's");
    assert.equal(other.route?.color, 'blue');
  });
});

describe('store/service-store: reading every route does not read every release', () => {
  it('listRoutes and listCanaries read one record per service, however long the release histories are', async () => {
    const kv = new MemoryKvStore();
    const store = new ServiceStore(kv);
    for (const service of ['shop-app', 'shop-api', 'blog-app']) {
      for (let n = 1; n <= 30; n += 1) await store.writeRelease(release(service, n, `app:v${n}`, 'succeeded'), signal);
    }
    await store.writeRoute('shop-app', { ...route, color: 'blue' }, 0, signal);
    await store.writeRoute('blog-app', { ...route, color: 'blue', service: 'blog-app', project: 'blog', paths: ['/blog'] }, 0, signal);
    const read: string[] = [];
    const get = kv.get.bind(kv);
    kv.get = (key: string) => {
      read.push(key);
      return get(key);
    };
    kv.list = () => Promise.reject(new Error('a listing with values reads every release record'));

    assert.deepEqual((await store.listRoutes(signal)).map((r) => r.route.service), ['blog-app', 'shop-app']);
    assert.deepEqual((await store.listCanaries(signal)).map((c) => c.record.service), []);
    assert.deepEqual(read.sort(), ['blog-app', 'blog-app', 'shop-api', 'shop-api', 'shop-app', 'shop-app'].map((s, i) => `docker-flow/${s}/${i % 2 === 0 ? 'canary' : 'route'}`));
  });
});
