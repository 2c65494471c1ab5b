import assert from 'node:assert/strict';
import net from 'node:net';

import { connectEngine } from '../../../../src/adapters/docker/connect-engine';
import type { DockerEngine } from '../../../../src/ports/docker-engine';
import { ContainerHaproxyRuntime } from '../../../../src/adapters/haproxy/container-haproxy-runtime';
import { defaultProxyImage } from '../../../../src/adapters/haproxy/proxy-container';
import type { ProxyService } from '../../../../src/domain/proxy-model';
import { ProxyError } from '../../../../src/errors';
import { buildTestImages } from '../../support/build-test-images';
import { localDocker } from '../../support/local-docker';
import { removeLabelled } from '../../support/remove-labelled';
import { testLabel } from '../../support/test-label';
import { uniqueName } from '../../support/unique-name';
import { get, recordingLogger, renderFor, type LogLine } from './haproxy-kit';
import { step } from '../../support/scenario';

/**
 * The proxy as a container on the local engine, published on 127.0.0.1:18090 (status 18091). The
 * routed service is the proxy's own status listener on the container's loopback, so every request
 * stays on 127.0.0.0/8 and still crosses the frontend, an ACL, a backend and a health-checked server.
 */
describe('adapters/haproxy ContainerHaproxyRuntime (real engine, docker-flow-haproxy image)', function () {
  this.timeout(180_000);
  const signal = new AbortController().signal;
  const name = uniqueName('df-haproxy');
  const lines: LogLine[] = [];
  let engine: DockerEngine;
  let runtime: ContainerHaproxyRuntime;
  const self = (paths: readonly string[]): ProxyService => ({
    serviceName: 'proxy-self',
    coloredName: 'proxy-self-blue',
    paths,
    groups: [{ color: 'blue', percent: 100, servers: [{ name: 'status_1', address: '127.0.0.1', port: 18091, node: 'local' }] }],
  });

  before(async () => {
    engine = connectEngine({ name: 'local', endpoint: { scheme: 'unix', socketPath: '/var/run/docker.sock' }, address: '127.0.0.1', labels: {} }, { apiTimeoutMs: 30_000, logger: recordingLogger(lines) });
    if (!(await engine.hasImage(defaultProxyImage, signal))) await buildTestImages();
    runtime = new ContainerHaproxyRuntime({ engine, httpPort: 18090, statusPort: 18091, containerName: name, labels: { [testLabel]: name }, logger: recordingLogger(lines), stopGraceSec: 5 });
  });

  after(async () => {
    await removeLabelled(testLabel, name);
  });

  it('scenario: provisioned when missing, an unchanged configuration not reloaded, a new one reloaded, a rejected one refused, started again after docker stop', async () => {
    await step('provisions the proxy container when missing and routes through the published ports', async () => {
      const config = renderFor(runtime.renderTarget, [self(['/docker-flow'])]);
      assert.deepEqual(await runtime.apply(config.text, config.version, signal), { changed: true });
      const inspect = await localDocker().getContainer(name).inspect();
      assert.equal(inspect.Config.Labels['io.docker-flow.role'], 'proxy');
      assert.equal(inspect.HostConfig.RestartPolicy?.Name, 'unless-stopped');
      assert.deepEqual(inspect.HostConfig.PortBindings, { '80/tcp': [{ HostIp: '127.0.0.1', HostPort: '18090' }], '18091/tcp': [{ HostIp: '127.0.0.1', HostPort: '18091' }] });
      assert.deepEqual(await get(18090, '/docker-flow/config'), { status: 200, body: config.version });
      assert.deepEqual(await get(18090, '/elsewhere'), { status: 503, body: 'No service is routed at this path.' });
      // the request to /docker-flow went through the proxy-self backend: its line is in the log ring, read through the container's admin socket
      const samples = await runtime.responseSamples('proxy-self', signal);
      assert.equal(samples.length, 1, JSON.stringify(samples));
      assert.match(samples[0]?.slot ?? '', /^s\d+$/);
      assert.ok((samples[0]?.ms ?? -1) >= 0);
    });
    await step('does not reload an unchanged configuration, and reports its status', async () => {
      const config = renderFor(runtime.renderTarget, [self(['/docker-flow'])]);
      const before = await runtime.status(signal);
      assert.deepEqual(await runtime.apply(config.text, config.version, signal), { changed: false });
      const after = await runtime.status(signal);
      assert.equal(after.running, true);
      assert.equal(after.version, config.version);
      assert.equal(after.listen, '127.0.0.1:18090');
      assert.deepEqual(after.workers, before.workers);
      assert.equal(after.workers.length, 1);
    });
    await step('reloads a new configuration, serves its version, and lets the old worker go', async () => {
      const config = renderFor(runtime.renderTarget, [self(['/docker-flow', '/other'])]);
      assert.deepEqual(await runtime.apply(config.text, config.version, signal), { changed: true });
      assert.equal((await get(18091, '/docker-flow/config')).body, config.version);
      await runtime.waitForOldWorkers(20_000, signal);
      const status = await runtime.status(signal);
      assert.deepEqual(status.workers.filter((w) => w.old), []);
      assert.equal(status.workers.length, 1);
    });
    await step('refuses a configuration HAProxy rejects, naming the line, and keeps the old one', async () => {
      const served = (await runtime.status(signal)).version;
      const broken = renderFor(runtime.renderTarget, [{ ...self(['/docker-flow']), backendTemplate: 'backend proxy-self\n    server s 127.0.0.1:18091 check\n    no-such-keyword 1\n' }]);
      const lineNumber = broken.text.split('\n').indexOf('    no-such-keyword 1') + 1;
      await assert.rejects(runtime.apply(broken.text, broken.version, signal), (error: unknown) => error instanceof ProxyError && error.message.includes(`line ${lineNumber}: "no-such-keyword 1"`) && error.message.includes(name));
      assert.equal((await runtime.status(signal)).version, served);
      assert.equal((await get(18090, '/docker-flow/config')).body, served);
    });
    await step('survives docker stop: the next apply starts it again with its configuration', async () => {
      const config = renderFor(runtime.renderTarget, [self(['/docker-flow', '/other'])]);
      await localDocker().getContainer(name).stop({ t: 2 });
      assert.equal((await runtime.status(signal)).running, false);
      assert.deepEqual(await runtime.apply(config.text, config.version, signal), { changed: true });
      assert.deepEqual(await get(18090, '/docker-flow/config'), { status: 200, body: config.version });
      await runtime.stop(signal);
      assert.equal((await runtime.status(signal)).running, false);
    });
  });

  it('fails clearly when a published port is taken, naming the ports and --proxy-port', async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(18092, '127.0.0.1', resolve));
    try {
      const busy = new ContainerHaproxyRuntime({ engine, httpPort: 18092, statusPort: 18093, containerName: `${name}-busy`, labels: { [testLabel]: name }, logger: recordingLogger(lines) });
      const config = renderFor(busy.renderTarget, []);
      await assert.rejects(busy.apply(config.text, config.version, signal), (error: unknown) => error instanceof ProxyError && error.message.includes('18092') && (error.hint ?? '').includes('--proxy-port'));
    } finally {
      await new Promise<void>((resolve) => blocker.close(() => resolve()));
    }
  });
});
