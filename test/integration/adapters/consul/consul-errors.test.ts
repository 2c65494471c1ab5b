import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import type { Server, Socket } from 'node:net';
import { connectConsul } from '../../../../src/adapters/consul/connect-consul';
import type { ConsulConnection } from '../../../../src/adapters/consul/connect-consul';
import { ConsulPermissionError } from '../../../../src/adapters/consul/consul-errors';
import { ConsulCatalog } from '../../../../src/adapters/consul/consul-catalog';
import { ConsulKvStore } from '../../../../src/adapters/consul/consul-kv-store';
import { ConsulLockManager } from '../../../../src/adapters/consul/consul-lock-manager';
import { ConfigError, ExitCode, InterruptedError, UnreachableError } from '../../../../src/errors';
import { silentLogger } from '../../../../src/logger';
import { startConsulDouble } from '../../../support/consul-double/start-consul-double';
import type { ConsulDouble } from '../../../support/consul-double/start-consul-double';
import { holderFor } from './contract-helpers';

const signal = (): AbortSignal => AbortSignal.timeout(30_000);

/** A TCP port on 127.0.0.1 that nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  assert.ok(address !== null && typeof address === 'object');
  return address.port;
}

describe('Consul adapter errors', function () {
  const connections: ConsulConnection[] = [];
  const doubles: ConsulDouble[] = [];
  const connect = (options: Parameters<typeof connectConsul>[0]): ConsulConnection => {
    const connection = connectConsul(options);
    connections.push(connection);
    return connection;
  };
  afterEach(async () => {
    for (const connection of connections.splice(0)) connection.close();
    for (const double of doubles.splice(0)) await double.stop();
  });

  it('reports an address where nothing listens as unreachable, naming the address and the flag to check', async () => {
    const port = await closedPort();
    const kv = new ConsulKvStore(connect({ address: `127.0.0.1:${port}`, logger: silentLogger, retryMs: 0 }));
    await assert.rejects(kv.get('docker-flow/app/color', signal()), (error: unknown) => {
      assert.ok(error instanceof UnreachableError);
      assert.equal(error.exitCode, ExitCode.unreachable);
      assert.equal(error.message, `could not reach Consul at http://127.0.0.1:${port} for reading key docker-flow/app/color: ECONNREFUSED`);
      assert.match(error.hint ?? '', /--consul-address \(or CONSUL_HTTP_ADDR\)/);
      return true;
    });
  });

  it('reports an agent that accepts connections but never answers as unreachable after the timeout', async () => {
    const sockets: Socket[] = [];
    const silent: Server = createServer((socket) => void sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const address = silent.address();
    assert.ok(address !== null && typeof address === 'object');
    try {
      const kv = new ConsulKvStore(connect({ address: `http://127.0.0.1:${address.port}`, logger: silentLogger, timeoutMs: 300, retryMs: 0 }));
      await assert.rejects(kv.put('docker-flow/app/color', 'blue', { cas: 0 }, signal()), (error: unknown) => {
        assert.ok(error instanceof UnreachableError);
        assert.equal(error.message, `Consul at http://127.0.0.1:${address.port} did not answer writing key docker-flow/app/color (check-and-set at index 0) within 300 ms`);
        return true;
      });
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  });

  it("turns Consul's HTTP 500 into UnreachableError carrying Consul's own message", async () => {
    const double = await startConsulDouble();
    doubles.push(double);
    const kv = new ConsulKvStore(connect({ address: double.address, logger: silentLogger, retryMs: 0 }));
    double.failNext(500, 1, 'rpc error making call: No cluster leader');
    await assert.rejects(kv.list('docker-flow/app/', signal()), (error: unknown) => {
      assert.ok(error instanceof UnreachableError);
      assert.equal(error.exitCode, ExitCode.unreachable);
      assert.equal(error.message, `Consul at ${double.address} failed listing keys under docker-flow/app/: "rpc error making call: No cluster leader" (HTTP 500)`);
      return true;
    });
    assert.deepEqual(await kv.list('docker-flow/app/', signal()), [], 'the next request works again');
  });

  it('retries an election with backoff and says so; gives up after --consul-retry; a final refusal is not retried', async () => {
    const double = await startConsulDouble();
    doubles.push(double);
    const notes: string[] = [];
    const kv = new ConsulKvStore(connect({ address: double.address, logger: silentLogger, retryMs: 1_500, onRetry: (note) => notes.push(note) }));
    double.failNext(500, 2, 'No cluster leader');
    assert.equal(await kv.put('docker-flow/app/color', 'blue', { cas: 0 }, signal()), true, 'written once the leader is back');
    assert.deepEqual(notes, ['Consul has no leader; retrying (0 s of 2 s)']);
    double.failFor(3_000, 'rpc error making call: stream closed');
    const startedMs = Date.now();
    await assert.rejects(kv.get('docker-flow/app/color', signal()), (error: unknown) => {
      assert.ok(error instanceof UnreachableError);
      assert.match(error.message, /"rpc error making call: stream closed" \(HTTP 500\); retried for 2 s \(--consul-retry 2s\)$/);
      return true;
    });
    assert.ok(Date.now() - startedMs >= 1_500, 'for as long as the bound');
    const guarded = await startConsulDouble({ aclManagementToken: 'secret' });
    doubles.push(guarded);
    const anonymous = new ConsulKvStore(connect({ address: guarded.address, logger: silentLogger, retryMs: 10_000 }));
    const refusedMs = Date.now();
    await assert.rejects(anonymous.get('docker-flow/app/color', signal()), ConsulPermissionError);
    assert.ok(Date.now() - refusedMs < 1_000, 'a refused token is final');
  });

  it('a retried check-and-set that finds its own value written counts as written; another value is a conflict', async () => {
    const double = await startConsulDouble();
    doubles.push(double);
    const kv = new ConsulKvStore(connect({ address: double.address, logger: silentLogger, retryMs: 3_000 }));
    await kv.put('docker-flow/app/color', 'blue', {}, signal());
    const before = await kv.get('docker-flow/app/color', signal());
    assert.ok(before !== undefined);
    // The write is applied but its answer lost (the connection closes): the retry's check-and-set then fails.
    await fetch(`${double.address}/v1/kv/docker-flow/app/color?cas=${before.modifyIndex}`, { method: 'PUT', body: 'green' });
    double.failNext(500, 1, 'rpc error making call: stream closed');
    assert.equal(await kv.put('docker-flow/app/color', 'green', { cas: before.modifyIndex }, signal()), true);
    double.failNext(500, 1, 'rpc error making call: stream closed');
    assert.equal(await kv.put('docker-flow/app/color', 'red', { cas: before.modifyIndex }, signal()), false, 'someone else wrote another value: a real conflict');
  });

  it('names the source of a refused token, never the token itself', async () => {
    const double = await startConsulDouble({ aclManagementToken: 'the-right-secret' });
    doubles.push(double);
    const kv = new ConsulKvStore(connect({ address: double.address, token: 'a-wrong-secret', tokenSource: 'CONSUL_HTTP_TOKEN', logger: silentLogger }));
    await assert.rejects(kv.put('docker-flow/app/color', 'blue', {}, signal()), (error: unknown) => {
      assert.ok(error instanceof ConsulPermissionError);
      assert.equal(error.exitCode, ExitCode.unreachable);
      assert.equal(error.message, `Consul at ${double.address} refused the ACL token from CONSUL_HTTP_TOKEN for writing key docker-flow/app/color: "ACL not found"`);
      assert.match(error.hint ?? '', /Consul does not know the token given by CONSUL_HTTP_TOKEN/);
      assert.ok(!`${error.message} ${error.hint ?? ''}`.includes('a-wrong-secret'));
      return true;
    });
    const good = new ConsulKvStore(connect({ address: double.address, token: 'the-right-secret', tokenSource: '--consul-token', logger: silentLogger }));
    assert.equal(await good.put('docker-flow/app/color', 'blue', {}, signal()), true);
  });

  it('says when no token was given and the agent requires one', async () => {
    const double = await startConsulDouble({ aclManagementToken: 'the-right-secret' });
    doubles.push(double);
    const locks = new ConsulLockManager(connect({ address: double.address, logger: silentLogger }), { logger: silentLogger });
    await assert.rejects(locks.acquire('app', holderFor('deploy'), 0, signal()), (error: unknown) => {
      assert.ok(error instanceof ConsulPermissionError);
      assert.match(error.message, /refused the anonymous ACL token \(no token was given\) for creating a session for docker-flow deploy lock of app: "Permission denied"; it needs session_prefix "" write$/);
      assert.match(error.hint ?? '', /--consul-token or CONSUL_HTTP_TOKEN/);
      return true;
    });
  });

  it("names the exact right a token's policy lacks: node and service write to register, key write to store", async () => {
    const double = await startConsulDouble({ aclManagementToken: 'the-right-secret' });
    doubles.push(double);
    const asManager = { 'X-Consul-Token': 'the-right-secret' };
    const rules = 'key_prefix "docker-flow/" { policy = "read" }\nsession_prefix "" { policy = "write" }\n';
    await fetch(`${double.address}/v1/acl/policy`, { method: 'PUT', headers: asManager, body: JSON.stringify({ Name: 'kv-read-session', Rules: rules }) });
    const made: unknown = await (await fetch(`${double.address}/v1/acl/token`, { method: 'PUT', headers: asManager, body: JSON.stringify({ Policies: [{ Name: 'kv-read-session' }] }) })).json();
    const token = String(Reflect.get(Object(made), 'SecretID'));
    const consul = connect({ address: double.address, token, tokenSource: '--consul-token', logger: silentLogger });
    const instance = { id: 'h1:demo_app-blue_1', name: 'demo-app-blue', address: '10.0.0.11', port: 32768, tags: [], container: 'demo_app-blue_1', host: 'h1' };
    await assert.rejects(new ConsulCatalog(consul).register(instance, signal()), (error: unknown) => {
      assert.ok(error instanceof ConsulPermissionError);
      assert.match(error.message, /for registering h1:demo_app-blue_1 as demo-app-blue in the catalog: "Permission denied"; it needs node "docker-flow-h1" write and service "demo-app-blue" write$/);
      assert.match(error.hint ?? '', /^add node "docker-flow-h1" write and service "demo-app-blue" write to the policy of the token given by --consul-token/);
      return true;
    });
    const kv = new ConsulKvStore(consul);
    assert.equal(await kv.get('docker-flow/app/color', signal()), undefined, 'reading is allowed');
    await assert.rejects(kv.put('docker-flow/app/color', 'blue', { cas: 0 }, signal()), /it needs key "docker-flow\/app\/color" write$/);
  });

  it('turns an aborted wait for a lock into InterruptedError and leaves no session behind', async () => {
    const double = await startConsulDouble();
    doubles.push(double);
    const consul = connect({ address: double.address, logger: silentLogger });
    const locks = new ConsulLockManager(consul, { logger: silentLogger });
    const held = await locks.acquire('app', holderFor('deploy'), 0, signal());
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 300);
    await assert.rejects(locks.acquire('app', holderFor('scale'), 60_000, controller.signal), InterruptedError);
    await held.release();
    const sessions: unknown = await (await fetch(`${double.address}/v1/session/list`)).json();
    assert.deepEqual(sessions, []);
  });

  it('accepts host:port, http:// and https:// addresses and rejects others naming --consul-address', async () => {
    const double = await startConsulDouble();
    doubles.push(double);
    const port = new URL(double.address).port;
    for (const address of [`127.0.0.1:${port}`, `http://127.0.0.1:${port}`, `http://127.0.0.1:${port}/`]) {
      const consul = connect({ address, logger: silentLogger });
      assert.equal(consul.description, `Consul at http://127.0.0.1:${port}`);
      assert.equal(await new ConsulKvStore(consul).get('docker-flow/app/color', signal()), undefined);
    }
    assert.equal(connect({ address: 'https://consul.example:8501', logger: silentLogger }).address, 'https://consul.example:8501');
    assert.equal(connect({ address: 'consul.example', logger: silentLogger }).address, 'http://consul.example:8500');
    for (const address of ['ftp://127.0.0.1:8500', 'http://127.0.0.1:8500/v1/kv', 'http://user:pw@127.0.0.1:8500', '']) {
      assert.throws(() => connect({ address, logger: silentLogger }), (error: unknown) => error instanceof ConfigError && error.key === '--consul-address');
    }
  });
});
