import assert from 'node:assert/strict';
import { InterruptedError, UnreachableError } from '../../../../src/errors';
import { ensureDemoImages, localEngine, never, removeTestObjects, spec } from './docker-kit';

describe('adapters/docker: unreachable engines, aborts and timeouts', function () {
  this.timeout(120_000);
  before(ensureDemoImages);
  after(removeTestObjects);

  it('a unix socket that does not exist → UnreachableError naming the host and the endpoint', async () => {
    const engine = localEngine({ host: { name: 'node-9', endpoint: { scheme: 'unix', socketPath: '/tmp/dfadapter-no-such-dir/docker.sock' }, address: '127.0.0.1', labels: {} } });
    for (const call of [() => engine.ping(never()), () => engine.listContainers({ a: true }, never())]) {
      await assert.rejects(call(), (error: unknown) => {
        assert.ok(error instanceof UnreachableError);
        assert.equal(error.exitCode, 4);
        assert.match(error.message, /^engine on node-9 \(unix:\/\/\/tmp\/dfadapter-no-such-dir\/docker\.sock\) could not be reached for (ping|list containers): ENOENT/);
        assert.equal(error.hint, 'no socket at /tmp/dfadapter-no-such-dir/docker.sock: is dockerd running on node-9? check --host');
        return true;
      });
    }
  });

  it('a TCP port nobody listens on → UnreachableError (ECONNREFUSED)', async () => {
    const engine = localEngine({ host: { name: 'node-8', endpoint: { scheme: 'tcp', host: '127.0.0.1', port: 1 }, address: '127.0.0.1', labels: {} } });
    await assert.rejects(engine.ping(never()), /^UnreachableError: engine on node-8 \(tcp:\/\/127\.0\.0\.1:1\) could not be reached for ping: ECONNREFUSED/);
  });

  it('abort stops a slow call at once (stop with a 60s grace) → InterruptedError', async () => {
    const engine = localEngine();
    const id = await engine.createContainer(spec('slow-stop', { command: ['sleep', '300'] }), never()); // PID 1 sleep ignores SIGTERM
    await engine.startContainer(id, never());
    const controller = new AbortController();
    const startedMs = Date.now();
    const stopping = engine.stopContainer(id, 60, controller.signal);
    setTimeout(() => controller.abort(), 300);
    await assert.rejects(stopping, (error: unknown) => {
      assert.ok(error instanceof InterruptedError);
      assert.equal(error.exitCode, 130);
      assert.equal(error.message, `stop container of ${id} on local was interrupted`);
      return true;
    });
    assert.ok(Date.now() - startedMs < 5000, 'did not wait for the grace period');
  });

  it('a call that overruns the API timeout → UnreachableError "did not answer <op> within"', async () => {
    // set up with the normal timeout (a busy machine may take more than 700 ms to start a container)
    const setup = localEngine();
    const id = await setup.createContainer(spec('slow-exec', { command: ['sleep', '300'] }), never());
    await setup.startContainer(id, never());
    const engine = localEngine({ apiTimeoutMs: 700 });
    await assert.rejects(engine.exec(id, ['sleep', '5'], never()), (error: unknown) => {
      assert.ok(error instanceof UnreachableError);
      assert.equal(error.message, `engine on local (unix:///var/run/docker.sock) did not answer exec sleep 5 (${id}) within 700ms`);
      assert.match(error.hint ?? '', /raise --engine-timeout/);
      return true;
    });
  });
});
