import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import type { Server, Socket } from 'node:net';
import { connectConsul } from '../../../../src/adapters/consul/connect-consul';
import type { ConsulConnection } from '../../../../src/adapters/consul/connect-consul';
import { ConsulPermissionError } from '../../../../src/adapters/consul/consul-errors';
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
    const kv = new ConsulKvStore(connect({ address: `127.0.0.1:${port}`, logger: silentLogger }));
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
      const kv = new ConsulKvStore(connect({ address: `http://127.0.0.1:${address.port}`, logger: silentLogger, timeoutMs: 300 }));
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
    const kv = new ConsulKvStore(connect({ address: double.address, logger: silentLogger }));
    double.failNext(500, 1, 'rpc error making call: No cluster leader');
    await assert.rejects(kv.list('docker-flow/app/', signal()), (error: unknown) => {
      assert.ok(error instanceof UnreachableError);
      assert.equal(error.exitCode, ExitCode.unreachable);
      assert.equal(error.message, `Consul at ${double.address} failed listing keys under docker-flow/app/: "rpc error making call: No cluster leader" (HTTP 500)`);
      return true;
    });
    assert.deepEqual(await kv.list('docker-flow/app/', signal()), [], 'the next request works again');
  });

  it('names the source of a refused token, never the token itself', async () => {
    const double = await startConsulDouble({ aclManagementToken: 'the-right-secret' });
    doubles.push(double);
    const kv = new ConsulKvStore(connect({ address: double.address, token: 'a-wrong-secret', tokenSource: 'CONSUL_HTTP_TOKEN', logger: silentLogger }));
    await assert.rejects(kv.put('docker-flow/app/color', 'blue', {}, signal()), (error: unknown) => {
      assert.ok(error instanceof ConsulPermissionError);
      assert.equal(error.exitCode, ExitCode.unreachable);
      assert.equal(error.message, `Consul at ${double.address} refused the ACL token from CONSUL_HTTP_TOKEN for writing key docker-flow/app/color: "ACL not found"`);
      assert.match(error.hint ?? '', /check the token given by CONSUL_HTTP_TOKEN/);
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
      assert.match(error.message, /refused the anonymous ACL token \(no token was given\) for creating a session for docker-flow deploy lock of app: "Permission denied"$/);
      assert.match(error.hint ?? '', /--consul-token or CONSUL_HTTP_TOKEN/);
      return true;
    });
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
