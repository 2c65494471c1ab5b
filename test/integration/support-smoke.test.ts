import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import { access, readdir } from 'node:fs/promises';
import { freePort } from './support/free-port';
import { httpGet } from './support/http-get';
import { localDocker } from './support/local-docker';
import { removeLabelled } from './support/remove-labelled';
import { runCli } from './support/run-cli';
import { step } from './support/scenario';
import { containerState, runTestContainer } from './support/run-test-container';
import { ensureSimulatedHosts, registryFromHosts, simulatedHostDocker } from './support/simulated-hosts';
import { tempDir } from './support/temp-dir';
import { ensureRegistry, pushToRegistry, readProgress, registryAddress } from './support/test-registry';
import { testLabel } from './support/test-label';
import { uniqueName } from './support/unique-name';
import { waitFor } from './support/wait-for';

const docker = localDocker();

describe('integration support helpers', () => {
  it('waitFor resolves as soon as the check is true', async () => {
    let calls = 0;
    await waitFor(() => Promise.resolve(++calls === 3), { timeoutMs: 2000, intervalMs: 10, what: 'the third call' });
    assert.equal(calls, 3);
  });

  it('waitFor fails naming what it waited for and the last error', async () => {
    const failing = waitFor(
      () => Promise.reject(new Error('connection refused')),
      { timeoutMs: 100, intervalMs: 20, what: 'the demo app to answer' },
    );
    await assert.rejects(failing, /waiting for the demo app to answer; last error: connection refused/);
  });

  it('step runs its body, and a failing step names itself and keeps the assertion\'s actual and expected', async () => {
    const ran: string[] = [];
    await step('first', () => {
      ran.push('first');
      return Promise.resolve();
    });
    assert.deepEqual(ran, ['first']);
    await assert.rejects(step('the second deploy', () => {
      assert.equal(1, 2);
      return Promise.resolve();
    }), (error: unknown) => {
      assert.ok(error instanceof assert.AssertionError);
      assert.match(error.message, /^step "the second deploy": /);
      assert.deepEqual([error.actual, error.expected], [1, 2]);
      assert.match(error.stack ?? '', /\n\s+at /);
      return true;
    });
    await assert.rejects(step('status', () => Promise.reject(new TypeError('boom'))), (error: unknown) => error instanceof Error && error.message === 'step "status": boom' && error.cause instanceof TypeError);
  });

  it('uniqueName gives distinct names usable as Docker names and rejects bad prefixes', () => {
    const names = new Set(Array.from({ length: 50 }, () => uniqueName('smoke')));
    assert.equal(names.size, 50);
    for (const name of names) assert.match(name, /^smoke-[a-z0-9]+$/);
    assert.throws(() => uniqueName('Bad_Prefix'), /prefix "Bad_Prefix" is not accepted/);
  });

  it('freePort gives a port a server can listen on; tempDir gives an empty folder', async () => {
    const port = await freePort();
    const server = await listen(createServer((_req, res) => res.end('ok')), port);
    server.close();
    const dir = await tempDir('smoke');
    await access(dir);
    assert.deepEqual(await readdir(dir), []);
  });

  it('httpGet returns status, body and headers, and names the URL when nothing answers', async () => {
    const port = await freePort();
    const server = await listen(
      createServer((_req, res) => {
        res.writeHead(418, { 'x-demo': 'yes' });
        res.end('short and stout');
      }),
      port,
    );
    try {
      const answer = await httpGet(`http://127.0.0.1:${port}/teapot`);
      assert.equal(answer.status, 418);
      assert.equal(answer.body, 'short and stout');
      assert.equal(answer.headers['x-demo'], 'yes');
    } finally {
      server.close();
    }
    const closedPort = await freePort();
    await assert.rejects(httpGet(`http://127.0.0.1:${closedPort}/`), new RegExp(`GET http://127.0.0.1:${closedPort}/ failed: .*ECONNREFUSED`));
  });

  it('runCli runs the built CLI and returns its exit status and output', async () => {
    const result = await runCli(['--help'], { cwd: await tempDir('smoke-cli') });
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /--target/);
  });
});

describe('test images', function () {
  this.timeout(120_000);
  const label = uniqueName('smoke-img');
  after(() => removeLabelled(testLabel, label));

  const start = (image: string, ports: readonly number[] = [8080]) =>
    runTestContainer(docker, { image, name: uniqueName('smoke-img'), label, ports });
  const becomes = (id: string, what: string, check: (state: Awaited<ReturnType<typeof containerState>>) => boolean) =>
    waitFor(async () => check(await containerState(docker, id)), { timeoutMs: 30_000, intervalMs: 200, what });

  it('every image exists with its recipe label and runs without pulling', async () => {
    const refs = [
      'docker-flow-demo:v1', 'docker-flow-demo:v2', 'docker-flow-demo:unhealthy', 'docker-flow-demo:exits',
      'docker-flow-demo:nohealth', 'docker-flow-side:v1', 'docker-flow-fastapp:v1', 'docker-flow-fastapp:v2', 'docker-flow-haproxy:2.6',
    ];
    for (const ref of refs) {
      const image = await docker.getImage(ref).inspect();
      assert.match(image.Config.Labels?.['io.docker-flow.recipe'] ?? '', /^[0-9a-f]{32}$/, `${ref} has no recipe label`);
    }
  });

  it('docker-flow-demo:v1 becomes healthy and answers "version: v1" on /, /demo, /demo/... and /version', async () => {
    const app = await start('docker-flow-demo:v1');
    await becomes(app.id, `${app.name} to be healthy`, (s) => s.health === 'healthy');
    const base = `http://127.0.0.1:${app.hostPorts[8080]}`;
    for (const path of ['/', '/demo', '/demo/', '/demo/hello/world?x=1', '/version']) {
      const answer = await httpGet(base + path);
      assert.equal(answer.status, 200, path);
      assert.match(answer.body, /^version: v1\ninstance: [0-9a-f]{12}\n$/, path);
    }
    assert.deepEqual(await httpGet(`${base}/health`).then((a) => [a.status, a.body]), [200, 'ok\n']);
  });

  it('v2, nohealth (v3) and the side target answer their own versions', async () => {
    const [v2, v3, side] = await Promise.all([start('docker-flow-demo:v2'), start('docker-flow-demo:nohealth'), start('docker-flow-side:v1')]);
    await becomes(v2.id, `${v2.name} to be healthy`, (s) => s.health === 'healthy');
    await becomes(side.id, `${side.name} to be healthy`, (s) => s.health === 'healthy');
    assert.equal((await containerState(docker, v3.id)).health, 'none');
    const answer = (c: typeof v2) => waitFor(async () => (await httpGet(`http://127.0.0.1:${c.hostPorts[8080]}/demo`)).status === 200, { timeoutMs: 10_000, what: `${c.name} to answer` })
      .then(() => httpGet(`http://127.0.0.1:${c.hostPorts[8080]}/demo`));
    assert.match((await answer(v2)).body, /^version: v2\n/);
    assert.match((await answer(v3)).body, /^version: v3\n/);
    assert.match((await answer(side)).body, /^side: v1\n/);
  });

  it('docker-flow-demo:unhealthy becomes unhealthy; docker-flow-demo:exits exits with status 1', async () => {
    const [sick, quitter] = await Promise.all([start('docker-flow-demo:unhealthy'), start('docker-flow-demo:exits', [])]);
    await becomes(quitter.id, `${quitter.name} to exit`, (s) => s.status === 'exited');
    assert.equal((await containerState(docker, quitter.id)).exitCode, 1);
    await becomes(sick.id, `${sick.name} to be unhealthy`, (s) => s.health === 'unhealthy');
    assert.equal((await httpGet(`http://127.0.0.1:${sick.hostPorts[8080]}/health`)).status, 500);
  });

  for (const image of ['docker-flow-fastapp:v2', 'docker-flow-demo:v2']) {
    it(`${image} finishes a request in flight on SIGTERM and exits 0`, async () => {
      const app = await start(image);
      await becomes(app.id, `${app.name} to be healthy`, (s) => s.health === 'healthy');
      const base = `http://127.0.0.1:${app.hostPorts[8080]}`;
      assert.match((await httpGet(`${base}/anything`)).body, /^version: v2\n/);
      const slow = httpGet(`${base}/slow?delayMs=1500`, { timeoutMs: 10_000 });
      await waitFor(async () => (await logsOf(app.id)).includes('holding /slow?delayMs=1500'), { timeoutMs: 5000, what: `${app.name} to hold the slow request` });
      await docker.getContainer(app.id).stop({ t: 10 });
      const answer = await slow;
      assert.equal(answer.status, 200);
      assert.match(answer.body, /^version: v2\n/);
      assert.equal((await containerState(docker, app.id)).exitCode, 0);
    });
  }

  it('docker-flow-haproxy:2.6 answers 503 on :80, validates its config and stops gracefully on SIGUSR1', async () => {
    const image = await docker.getImage('docker-flow-haproxy:2.6').inspect();
    const config: object = image.Config; // @types/dockerode lacks StopSignal
    assert.equal('StopSignal' in config ? config.StopSignal : undefined, 'SIGUSR1');
    const proxy = await start('docker-flow-haproxy:2.6', [80]);
    const url = `http://127.0.0.1:${proxy.hostPorts[80]}/demo`;
    await waitFor(async () => (await httpGet(url)).status === 503, { timeoutMs: 10_000, what: `${proxy.name} to answer 503` });
    const exec = await docker.getContainer(proxy.id).exec({ Cmd: ['/usr/sbin/haproxy', '-c', '-f', '/usr/local/etc/haproxy/haproxy.cfg'], AttachStdout: true, AttachStderr: true });
    await drain(await exec.start({}));
    assert.equal((await exec.inspect()).ExitCode, 0);
    await docker.getContainer(proxy.id).stop({ t: 10 });
    assert.equal((await containerState(docker, proxy.id)).exitCode, 0);
  });

  it('removeLabelled removes the containers and networks carrying the label', async () => {
    const own = uniqueName('smoke-rm');
    await docker.createNetwork({ Name: own, Labels: { [testLabel]: own } });
    await runTestContainer(docker, { image: 'docker-flow-demo:v1', name: own, label: own });
    await removeLabelled(testLabel, own);
    assert.deepEqual(await docker.listContainers({ all: true, filters: { label: [`${testLabel}=${own}`] } }), []);
    assert.deepEqual(await docker.listNetworks({ filters: { label: [`${testLabel}=${own}`] } }), []);
  });
});

describe('registry and simulated hosts', function () {
  this.timeout(240_000);
  const label = uniqueName('smoke-sim');
  const repository = uniqueName('smoke-sim');
  let cleanups: (() => Promise<void>)[] = [];
  after(async () => {
    await Promise.allSettled(cleanups.map((cleanup) => cleanup()));
    cleanups = [];
    await docker.getImage(`${registryAddress}/${repository}:v1`).remove().catch(() => undefined);
  });

  it('an image pushed to the registry is pulled and run on each host, and answers on the host address', async () => {
    await ensureRegistry();
    await pushToRegistry('docker-flow-demo:v1', repository, 'v1');
    const hosts = await ensureSimulatedHosts(2, { tlsHosts: ['h2'] });
    assert.equal(hosts[1]?.endpoint, 'tcp://10.77.0.12:2376');
    await Promise.all(
      hosts.map(async (host) => {
        const engine = simulatedHostDocker(host);
        cleanups.push(() => removeLabelled(testLabel, label, engine));
        const ref = `${registryFromHosts}/${repository}:v1`;
        await readProgress(await engine.pull(ref), `pull of ${ref} on ${host.name}`);
        const app = await runTestContainer(engine, { image: ref, name: uniqueName('smoke-sim'), label, ports: [8080], hostIp: '' });
        const url = `http://${host.address}:${app.hostPorts[8080]}/demo`;
        await waitFor(async () => (await httpGet(url)).status === 200, { timeoutMs: 20_000, what: `${url} on ${host.name} to answer` });
        assert.match((await httpGet(url)).body, /^version: v1\n/);
      }),
    );
  });
});

function listen(server: Server, port: number): Promise<Server> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve(server));
  });
}

/** Reads an exec's attached output to its end. */
async function drain(stream: NodeJS.ReadableStream): Promise<void> {
  for await (const chunk of stream) void chunk;
}

async function logsOf(id: string): Promise<string> {
  const logs = await docker.getContainer(id).logs({ stdout: true, stderr: true, follow: false });
  return logs.toString('utf8');
}
