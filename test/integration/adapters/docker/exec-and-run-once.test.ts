import assert from 'node:assert/strict';
import { EngineError, FlowFailedError, InterruptedError } from '../../../../src/errors';
import { ensureDemoImages, eventually, localEngine, never, removeTestObjects, spec } from './docker-kit';
import { tarFile } from './tar-file';

describe('adapters/docker: exec, archives, signals and one-off containers', function () {
  this.timeout(120_000);
  before(ensureDemoImages);
  after(removeTestObjects);

  it('exec returns the exit code and the output of stdout and stderr', async () => {
    const engine = localEngine();
    const id = await engine.createContainer(spec('exec', { command: ['sleep', '300'] }), never());
    await engine.startContainer(id, never());
    const ok = await engine.exec(id, ['sh', '-c', 'echo hello; echo oops >&2'], never());
    assert.equal(ok.exitCode, 0);
    assert.deepEqual(ok.output.split('\n').sort(), ['', 'hello', 'oops'], 'stdout and stderr are separate pipes: their order is not kept');
    const failed = await engine.exec(id, ['sh', '-c', 'exit 7'], never());
    assert.deepEqual(failed, { exitCode: 7, output: '' });
  });

  it('putArchive copies files into a container (seen by exec)', async () => {
    const engine = localEngine();
    const id = await engine.createContainer(spec('archive', { command: ['sleep', '300'] }), never());
    await engine.startContainer(id, never());
    await engine.putArchive(id, '/tmp', tarFile('haproxy.cfg', 'global\n  maxconn 100\n'), never());
    const read = await engine.exec(id, ['cat', '/tmp/haproxy.cfg'], never());
    assert.equal(read.output, 'global\n  maxconn 100\n');
    await assert.rejects(engine.putArchive(id, '/no/such/dir', tarFile('x', 'y'), never()), EngineError);
  });

  it('killContainer delivers a signal; a stopped container cannot be signalled', async () => {
    const engine = localEngine();
    const id = await engine.createContainer(spec('kill'), never());
    await engine.startContainer(id, never());
    await engine.killContainer(id, 'SIGKILL', never());
    const killed = await eventually('exited', async () => {
      const info = await engine.inspectContainer(id, never());
      return info?.state === 'exited' ? info : undefined;
    });
    assert.equal(killed.exitCode, 137);
    await assert.rejects(engine.killContainer(id, 'SIGUSR2', never()), (error: unknown) => {
      assert.ok(error instanceof EngineError);
      assert.match(error.message, /is not running/);
      return true;
    });
  });

  it('runOnce streams output, returns the exit code and removes the container', async () => {
    const engine = localEngine();
    const chunks: string[] = [];
    const oneOff = spec('release-command', { command: ['sh', '-c', 'echo migrating; echo warning >&2; echo done; exit 3'] });
    const result = await engine.runOnce(oneOff, (chunk) => chunks.push(chunk), 60_000, never());
    assert.equal(result.exitCode, 3);
    const lines = chunks.join('').split('\n');
    assert.deepEqual(lines.filter((line) => line !== 'warning'), ['migrating', 'done', ''], 'stdout in order');
    assert.ok(lines.includes('warning'), 'stderr too');
    assert.equal(await engine.inspectContainer(oneOff.name, never()), undefined, 'removed afterwards');
  });

  it('runOnce kills a command that overruns its time → FlowFailedError, container removed', async () => {
    const engine = localEngine();
    const slow = spec('overrun', { command: ['sleep', '300'] });
    const startedMs = Date.now();
    await assert.rejects(engine.runOnce(slow, () => undefined, 1000, never()), (error: unknown) => {
      assert.ok(error instanceof FlowFailedError);
      assert.equal(error.message, `${slow.name} on local did not finish within 1s and was killed`);
      return true;
    });
    assert.ok(Date.now() - startedMs < 15_000);
    assert.equal(await engine.inspectContainer(slow.name, never()), undefined);
  });

  it('runOnce interrupted → InterruptedError, container removed', async () => {
    const engine = localEngine();
    const controller = new AbortController();
    const slow = spec('interrupted', { command: ['sh', '-c', 'echo started; sleep 300'] });
    const pending = engine.runOnce(slow, () => controller.abort(), 60_000, controller.signal);
    await assert.rejects(pending, InterruptedError);
    assert.equal(await engine.inspectContainer(slow.name, never()), undefined);
  });
});
