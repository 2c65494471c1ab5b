import assert from 'node:assert/strict';
import { startConsulDouble } from '../../../support/consul-double/start-consul-double';
import type { ConsulDouble } from '../../../support/consul-double/start-consul-double';
import { agentNodeName } from '../../../support/consul-double/double-state';

interface Answer {
  readonly status: number;
  readonly index: number | undefined;
  readonly body: unknown;
  readonly elapsedMs: number;
}

/** The double must follow Consul's documented HTTP API, or tests against it prove nothing. */
describe('Consul API double', function () {
  let double: ConsulDouble;
  const call = async (method: string, path: string, body?: string | object): Promise<Answer> => {
    const startedMs = Date.now();
    const response = await fetch(`${double.address}/v1${path}`, {
      method,
      ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
      signal: AbortSignal.timeout(30_000),
    });
    const text = await response.text();
    const indexHeader = response.headers.get('x-consul-index');
    const isJson = (response.headers.get('content-type') ?? '').startsWith('application/json');
    return { status: response.status, index: indexHeader === null ? undefined : Number(indexHeader), body: isJson ? JSON.parse(text) : text, elapsedMs: Date.now() - startedMs };
  };
  beforeEach(async () => {
    double = await startConsulDouble();
  });
  afterEach(async () => {
    await double.stop();
  });

  it('answers a missing key with 404 and an X-Consul-Index, a present one with base64 metadata', async () => {
    const missing = await call('GET', '/kv/app/color');
    assert.equal(missing.status, 404);
    assert.ok((missing.index ?? 0) >= 1);
    assert.equal((await call('PUT', '/kv/app/color', 'blue')).body, true);
    const found = await call('GET', '/kv/app/color');
    assert.ok(Array.isArray(found.body));
    const entries: unknown[] = found.body;
    const [entry] = entries;
    assert.deepEqual(entry, { LockIndex: 0, Key: 'app/color', Flags: 0, Value: Buffer.from('blue').toString('base64'), CreateIndex: found.index, ModifyIndex: found.index });
  });

  it('returns a blocking read at once when the given index is older than the current one', async () => {
    await call('PUT', '/kv/app/color', 'blue');
    const current = await call('GET', '/kv/app/color');
    const older = await call('GET', `/kv/app/color?index=${(current.index ?? 2) - 1}&wait=10s`);
    assert.equal(older.status, 200);
    assert.equal(older.index, current.index);
    assert.ok(older.elapsedMs < 1_000, `answered after ${older.elapsedMs} ms`);
  });

  it('holds a blocking read at the current index until the wait elapses, then answers unchanged', async () => {
    await call('PUT', '/kv/app/color', 'blue');
    const current = await call('GET', '/kv/app/color');
    const waited = await call('GET', `/kv/app/color?index=${current.index}&wait=1s`);
    assert.equal(waited.index, current.index);
    assert.ok(waited.elapsedMs >= 1_000 && waited.elapsedMs < 1_000 + 1_000 / 16 + 500, `answered after ${waited.elapsedMs} ms`);
  });

  it('wakes a blocking read at the current index as soon as a write changes it', async () => {
    await call('PUT', '/kv/app/color', 'blue');
    const current = await call('GET', '/kv/app/color');
    const pending = call('GET', `/kv/app/color?index=${current.index}&wait=30s`);
    setTimeout(() => void call('PUT', '/kv/app/color', 'green'), 300);
    const woken = await pending;
    assert.ok((woken.index ?? 0) > (current.index ?? 0));
    assert.ok(woken.elapsedMs >= 250 && woken.elapsedMs < 5_000, `answered after ${woken.elapsedMs} ms`);
    assert.ok(Array.isArray(woken.body));
    assert.equal(Buffer.from(String(Reflect.get(woken.body[0], 'Value')), 'base64').toString(), 'green');
  });

  it('applies cas, acquire and release like Consul: false bodies for refused writes, LockIndex and Session', async () => {
    assert.equal((await call('PUT', '/kv/lock?cas=0', 'a')).body, true);
    assert.equal((await call('PUT', '/kv/lock?cas=0', 'b')).body, false);
    assert.equal((await call('PUT', '/kv/lock?cas=1&acquire=x', 'b')).status, 400, 'cas and acquire conflict');
    const first = await call('PUT', '/session/create', { TTL: '10s', LockDelay: '0s' });
    const second = await call('PUT', '/session/create', { TTL: '10s' });
    const a = String(Reflect.get(Object(first.body), 'ID'));
    const b = String(Reflect.get(Object(second.body), 'ID'));
    assert.equal((await call('PUT', `/kv/lock?acquire=${a}`, 'held by a')).body, true);
    assert.equal((await call('PUT', `/kv/lock?acquire=${b}`, 'held by b')).body, false);
    assert.equal((await call('PUT', `/kv/lock?release=${b}`, '')).body, false);
    const held = await call('GET', '/kv/lock');
    assert.ok(Array.isArray(held.body));
    assert.equal(Reflect.get(held.body[0], 'Session'), a);
    assert.equal(Reflect.get(held.body[0], 'LockIndex'), 1);
    assert.equal((await call('PUT', `/kv/lock?release=${a}`, 'free')).body, true);
    const released = await call('GET', '/kv/lock');
    assert.ok(Array.isArray(released.body));
    assert.equal(Reflect.get(released.body[0], 'Session'), undefined);
    assert.equal((await call('PUT', `/kv/lock?acquire=no-such-session`, 'x')).status, 500);
  });

  it('refuses session TTLs outside 10s..24h and answers 404 to renewing an unknown session', async () => {
    assert.equal((await call('PUT', '/session/create', { TTL: '5s' })).status, 500);
    assert.equal((await call('PUT', '/session/renew/00000000-0000-0000-0000-000000000000')).status, 404);
    const created = await call('PUT', '/session/create', { TTL: '15s', Behavior: 'release', LockDelay: '0s', Name: 'x' });
    const id = String(Reflect.get(Object(created.body), 'ID'));
    const renewed = await call('PUT', `/session/renew/${id}`);
    assert.ok(Array.isArray(renewed.body));
    assert.equal(Reflect.get(renewed.body[0], 'TTL'), '15s');
    assert.equal((await call('PUT', `/session/destroy/${id}`)).body, true);
    assert.deepEqual((await call('GET', `/session/info/${id}`)).body, []);
  });

  it('registers services through the agent and the catalog, filters health by ?passing, and blocks on them', async () => {
    await call('PUT', '/agent/service/register', { ID: 'web-1', Name: 'web', Port: 8081, Tags: ['blue'], Check: { TTL: '30s', Status: 'passing' } });
    await call('PUT', '/agent/service/register', { ID: 'web-2', Name: 'web', Port: 8082, Tags: ['blue'], Check: { TTL: '30s' } });
    const services = await call('GET', '/catalog/services');
    assert.deepEqual(services.body, { consul: [], web: ['blue'] });
    const catalog = await call('GET', '/catalog/service/web');
    assert.ok(Array.isArray(catalog.body));
    const entries: unknown[] = catalog.body;
    assert.deepEqual(entries.map((entry) => field(entry, 'ServicePort')), [8081, 8082]);
    const passing = await call('GET', '/health/service/web?passing');
    assert.ok(Array.isArray(passing.body));
    const healthy: unknown[] = passing.body;
    assert.deepEqual(healthy.map((entry) => field(field(entry, 'Service'), 'ID')), ['web-1']);
    const pending = call('GET', `/health/service/web?index=${passing.index}&wait=30s`);
    setTimeout(() => void call('PUT', '/catalog/deregister', { Node: agentNodeName, ServiceID: 'web-1' }), 200);
    const woken = await pending;
    assert.ok((woken.index ?? 0) > (passing.index ?? 0) && woken.elapsedMs < 5_000);
    assert.ok(Array.isArray(woken.body));
    assert.equal(woken.body.length, 1);
    assert.equal((await call('PUT', '/agent/service/deregister/nope')).status, 200, 'like the agent, an unknown ID is no error');
  });

  it('with ACLs on: the management token may do everything, no token nothing, an unknown token is not found; status/leader is open', async () => {
    const guarded = await startConsulDouble({ aclManagementToken: 'secret' });
    try {
      const anonymous = await fetch(`${guarded.address}/v1/kv/x`);
      assert.equal(anonymous.status, 403);
      assert.equal(await anonymous.text(), 'Permission denied');
      const wrong = await fetch(`${guarded.address}/v1/kv/x`, { headers: { 'X-Consul-Token': 'guess' } });
      assert.equal(await wrong.text(), 'ACL not found');
      assert.equal((await fetch(`${guarded.address}/v1/kv/x`, { headers: { 'X-Consul-Token': 'secret' } })).status, 404);
      assert.equal((await fetch(`${guarded.address}/v1/status/leader`)).status, 200);
    } finally {
      await guarded.stop();
    }
  });

  it('fails requests on demand: the next ones, all of them for a while (no leader), or by closing connections', async () => {
    double.failNext(500, 2);
    assert.equal((await call('GET', '/kv/x')).status, 500);
    assert.equal((await call('PUT', '/kv/x', 'v')).status, 500);
    assert.equal((await call('PUT', '/kv/x', 'v')).body, true);
    const failedMs = Date.now();
    double.failFor(600);
    const during = await call('GET', '/kv/x');
    assert.deepEqual([during.status, during.body], [500, 'No cluster leader']);
    assert.equal((await call('GET', '/status/leader')).body, '', 'no leader is known meanwhile');
    const answers = async (): Promise<boolean> => (await call('GET', '/kv/x').catch(() => ({ status: 0 }))).status === 200;
    while (!(await answers())) assert.ok(Date.now() - failedMs < 5_000, 'the failures end');
    assert.ok(Date.now() - failedMs >= 600, 'they last as long as asked');
    const droppedMs = Date.now();
    double.dropConnectionsFor(300);
    await assert.rejects(call('GET', '/kv/x'));
    while (!(await answers())) assert.ok(Date.now() - droppedMs < 5_000, 'connections are answered again');
    assert.ok(Date.now() - droppedMs >= 300);
  });
});

/** A field of a JSON object of Consul's answer (undefined when it is not an object). */
function field(value: unknown, name: string): unknown {
  return typeof value === 'object' && value !== null ? Reflect.get(value, name) : undefined;
}
