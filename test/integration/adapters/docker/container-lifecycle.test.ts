import assert from 'node:assert/strict';
import { numberAt, stringAt } from '../../../../src/domain/json-fields';
import { EngineError } from '../../../../src/errors';
import { demoImage, ensureDemoImages, eventually, localEngine, networkSettings, never, raw, removeTestObjects, spec, testLabel, unhealthyImage, uniqueName, volumeSettings, type LogLine } from './docker-kit';

describe('adapters/docker: container lifecycle on the local engine', function () {
  this.timeout(120_000);
  before(ensureDemoImages);
  after(removeTestObjects);

  it('creates, starts, inspects, lists, stops and removes a container, logging every call', async () => {
    const lines: LogLine[] = [];
    const engine = localEngine({ lines });
    const created = spec('lifecycle', { labels: { ...testLabel, 'io.docker-flow.project': 'adapter', 'io.docker-flow.color': 'blue', 'com.docker.compose.container-number': '1' } });
    const id = await engine.createContainer(created, never());
    assert.equal((await engine.inspectContainer(id, never()))?.state, 'created');
    await engine.startContainer(id, never());
    await engine.startContainer(id, never()); // already started: not an error

    const info = await engine.inspectContainer(created.name, never());
    assert.equal(info?.id, id);
    assert.equal(info?.name, created.name);
    assert.equal(info?.state, 'running');
    assert.equal(info?.host, 'local');
    assert.equal(info?.image, demoImage);
    assert.equal(info?.color, 'blue');
    assert.equal(info?.number, 1);

    const listed = await engine.listContainers({ 'io.docker-flow.project': 'adapter', 'io.docker-flow.test': 'docker-adapter' }, never());
    assert.deepEqual(listed.map((container) => container.name), [created.name]);
    assert.deepEqual(await engine.listContainers({ 'io.docker-flow.project': 'nobody-has-this' }, never()), []);

    await engine.stopContainer(id, 5, never());
    const stopped = await engine.inspectContainer(id, never());
    assert.equal(stopped?.state, 'exited');
    assert.equal(stopped?.exitCode, 0, 'demo-server exits 0 on SIGTERM');
    await engine.stopContainer(id, 5, never()); // already stopped: not an error
    assert.equal((await engine.listContainers({ 'io.docker-flow.project': 'adapter' }, never())).length, 1, 'stopped containers are listed too');

    await engine.removeContainer(id, never());
    await engine.removeContainer(id, never()); // already gone: not an error
    assert.equal(await engine.inspectContainer(id, never()), undefined);

    const startLogs = lines.filter((line) => line.fields['op'] === 'start container').map((line) => line.message);
    assert.deepEqual(startLogs, ['docker start container', 'docker start container done', 'docker start container', 'docker start container done (nothing to do)']);
    assert.ok(lines.every((line) => line.level === 'debug' && line.fields['host'] === 'local'));
    assert.ok(lines.some((line) => line.fields['target'] === created.name), 'calls name the container');
  });

  it('publishes a port on 127.0.0.1 with an engine-chosen host port that answers HTTP', async () => {
    const engine = localEngine();
    const id = await engine.createContainer(spec('port', { portBindings: [{ containerPort: 8080, protocol: 'tcp', hostIp: '127.0.0.1' }] }), never());
    await engine.startContainer(id, never());
    const port = await eventually('published port', async () => (await engine.inspectContainer(id, never()))?.publishedPorts[0]);
    assert.equal(port.hostIp, '127.0.0.1');
    assert.equal(port.containerPort, 8080);
    assert.ok(port.hostPort > 0);
    const body = await eventually('HTTP answer', async () => {
      const response = await fetch(`http://127.0.0.1:${port.hostPort}/`, { signal: AbortSignal.timeout(2000) });
      return response.ok ? response.text() : undefined;
    });
    assert.match(body, /instance: /);
    await engine.removeContainer(id, never());
  });

  it('reports health: healthy for the demo image, unhealthy with the check output for :unhealthy', async () => {
    const engine = localEngine();
    const good = await engine.createContainer(spec('healthy'), never());
    const bad = await engine.createContainer(spec('unhealthy', { image: unhealthyImage }), never());
    await Promise.all([engine.startContainer(good, never()), engine.startContainer(bad, never())]);
    const healthy = await eventually('healthy', async () => {
      const info = await engine.inspectContainer(good, never());
      return info?.health === 'healthy' ? info : undefined;
    });
    assert.equal(healthy.healthLog, undefined);
    const unhealthy = await eventually('unhealthy', async () => {
      const info = await engine.inspectContainer(bad, never());
      return info?.health === 'unhealthy' ? info : undefined;
    });
    assert.match(unhealthy.healthLog ?? '', /500/);
  });

  it('overrides the health check (ms → ns) and maps env, user, working dir, restart policy and stop signal', async () => {
    const engine = localEngine();
    const id = await engine.createContainer(spec('mapped', {
      command: ['sleep', '300'],
      env: ['GREETING=hello'],
      user: '1234',
      workingDir: '/tmp',
      restartPolicy: { name: 'on-failure', maximumRetryCount: 2 },
      stopSignal: 'SIGINT',
      stopTimeoutSec: 3,
      healthcheck: { test: ['CMD-SHELL', 'echo checked'], intervalMs: 500, timeoutMs: 400, retries: 1, startPeriodMs: 100 },
    }), never());
    const inspect = await raw.getContainer(id).inspect();
    assert.deepEqual(inspect.Config.Healthcheck, { Test: ['CMD-SHELL', 'echo checked'], Interval: 500_000_000, Timeout: 400_000_000, StartPeriod: 100_000_000, Retries: 1 });
    assert.ok(inspect.Config.Env.includes('GREETING=hello'));
    assert.equal(inspect.Config.User, '1234');
    assert.equal(inspect.Config.WorkingDir, '/tmp');
    assert.deepEqual(inspect.HostConfig.RestartPolicy, { Name: 'on-failure', MaximumRetryCount: 2 });
    assert.equal(stringAt(inspect.Config, 'StopSignal'), 'SIGINT', '(@types/dockerode lacks Config.StopSignal)');
    assert.equal(numberAt(inspect.Config, 'StopTimeout'), 3);
    assert.equal(inspect.HostConfig.AutoRemove, false);
    await engine.startContainer(id, never());
    const info = await eventually('health output', async () => {
      const current = await engine.inspectContainer(id, never());
      return current?.health === 'healthy' ? current : undefined;
    });
    assert.equal(info.healthLog, 'checked');
  });

  it('joins every network with its aliases and mounts volumes, binds and tmpfs', async () => {
    const engine = localEngine();
    const [front, back, volume] = [uniqueName('front'), uniqueName('back'), uniqueName('data')];
    await engine.createNetwork(networkSettings(front), testLabel, never());
    await engine.createNetwork(networkSettings(front), testLabel, never()); // made meanwhile: not an error
    await engine.createNetwork(networkSettings(back), testLabel, never());
    await engine.createVolume(volumeSettings(volume), testLabel, never());
    const id = await engine.createContainer(spec('networked', {
      networks: [{ name: front, aliases: ['app', 'app-blue'] }, { name: back, aliases: ['api'] }],
      mounts: [
        { type: 'volume', source: volume, target: '/data', readOnly: false },
        { type: 'bind', source: '/etc', target: '/host-etc', readOnly: true },
        { type: 'tmpfs', target: '/scratch', readOnly: false },
      ],
    }), never());
    const inspect = await raw.getContainer(id).inspect();
    const networks = inspect.NetworkSettings.Networks;
    assert.deepEqual(Object.keys(networks).sort(), [back, front].sort());
    const aliases = (network: string): unknown[] => {
      const found: unknown = networks[network]?.Aliases;
      return Array.isArray(found) ? found : [];
    };
    assert.ok(aliases(front).includes('app-blue'));
    assert.ok(aliases(back).includes('api'));
    assert.deepEqual(inspect.Mounts.map((m) => `${m.Type}:${m.Destination}:${m.RW ? 'rw' : 'ro'}`).sort(), ['bind:/host-etc:ro', 'tmpfs:/scratch:rw', 'volume:/data:rw']);
    assert.equal((await raw.getNetwork(front).inspect()).Labels?.['io.docker-flow.test'], 'docker-adapter');
  });

  it('a name already taken → EngineError naming the container with the hint to remove it or deploy again', async () => {
    const engine = localEngine();
    const taken = spec('taken');
    await engine.createContainer(taken, never());
    await assert.rejects(engine.createContainer(taken, never()), (error: unknown) => {
      assert.ok(error instanceof EngineError);
      assert.match(error.message, new RegExp(`^create container on local: the container name ${taken.name} is already taken`));
      assert.match(error.hint ?? '', new RegExp(`docker rm -f ${taken.name}\\) or run the deploy again`));
      return true;
    });
  });

  it('a missing image → EngineError saying to pull it on that host; a network that cannot be joined removes the half-made container', async () => {
    const engine = localEngine();
    await assert.rejects(engine.createContainer(spec('no-image', { image: 'docker-flow-adapter-missing:v0' }), never()), (error: unknown) => {
      assert.ok(error instanceof EngineError);
      assert.match(error.message, /No such image: docker-flow-adapter-missing:v0/);
      assert.match(error.hint ?? '', /pull docker-flow-adapter-missing:v0 on local first/);
      return true;
    });
    const front = uniqueName('front2');
    await engine.createNetwork(networkSettings(front), testLabel, never());
    // (the engine accepts a network that does not exist until start; joining `host` as well is refused at once)
    const halfMade = spec('half-made', { networks: [{ name: front, aliases: [] }, { name: 'host', aliases: [] }] });
    await assert.rejects(engine.createContainer(halfMade, never()), (error: unknown) => {
      assert.ok(error instanceof EngineError);
      assert.match(error.message, new RegExp(`^connect network ${halfMade.name} to host on local failed: container cannot be disconnected from host network or connected to host network`));
      return true;
    });
    assert.equal(await engine.inspectContainer(halfMade.name, never()), undefined);
  });
});
