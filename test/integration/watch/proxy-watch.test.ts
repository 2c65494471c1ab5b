import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import type { KvStore } from '../../../src/ports/kv-store';
import { docker, flowFixture, type FlowFixture } from '../flows/flow-fixture';
import { startRequestLoop } from '../flows/request-loop';
import { httpGet } from '../support/http-get';
import { uniqueName } from '../support/unique-name';
import { waitFor } from '../support/wait-for';
import { CliProcess } from './cli-process';
import { allInstances, consulTarget, forgetProject, forgetRegisteredSince, passingInstances, type ConsulTarget } from './consul-target';
import { consulKv, embeddedKv, hostnameOf, instanceOf, routedContainers } from './proxy-watch-fixture';
import { TcpForwarder } from './tcp-forwarder';
import { withoutConsul } from '../support/run-cli';

/**
 * The node app answers each request with one write, so an instance killed mid-request leaves
 * HAProxy an empty response it retries elsewhere (busybox's app writes headers and body apart).
 */
const fastCompose = `
services:
  app:
    image: docker-flow-fastapp:v1
    ports: ["8080"]
    stop_grace_period: 2s
`;

/** What both modes share: a project routed at /demo by a local HAProxy on a port of 18300–18399. */
function routedProject(prefix: string, httpPort: number) {
  const proxyArgs = ['--proxy-port', String(httpPort), '--proxy-reconf-port', String(httpPort + 1)];
  const url = `http://127.0.0.1:${httpPort}/demo/`;
  let f: FlowFixture | undefined;
  const watchers: CliProcess[] = [];
  const fixture = (): FlowFixture => {
    if (f === undefined) throw new Error('the project was not started');
    return f;
  };
  return {
    proxyArgs,
    url,
    get f(): FlowFixture {
      return fixture();
    },
    async start(extra: readonly string[], env: Readonly<Record<string, string | undefined>> = {}): Promise<void> {
      f = await flowFixture(uniqueName(prefix), fastCompose);
      const r = await fixture().cli([...extra, '--blue-green', '--target=app', '--service-path=/demo', '--scale=3', '--flow=deploy', '--flow=proxy', ...proxyArgs], env);
      assert.equal(r.code, 0, r.stderr);
    },
    watch(args: readonly string[], env: Readonly<Record<string, string | undefined>> = {}): CliProcess {
      const { project, dir, stateDir } = fixture();
      const cli = new CliProcess(['-p', project, ...args], { cwd: dir, env: { FLOW_STATE_DIR: stateDir, ...env } });
      watchers.push(cli);
      return cli;
    },
    async stop(): Promise<void> {
      const codes = await Promise.all(watchers.map((cli) => cli.stop()));
      if (f !== undefined) {
        await f.cli(['proxy', 'stop', ...proxyArgs]);
        await f.cleanup();
        await rm(f.dir, { recursive: true, force: true });
      }
      codes.forEach((code, i) => assert.equal(code, 0, `a watcher did not stop cleanly:\n${watchers[i]?.log ?? ''}`));
    },
    get project(): string | undefined {
      return f?.project;
    },
  };
}

/** The last lines of a watcher's output, for failure messages. */
const tail = (log: string): string => log.split('\n').slice(-25).join('\n');

/**
 * Removes one instance behind the running proxy (docker rm -f) while a bounded request loop runs
 * through the proxy: returns how long until the proxy no longer routed to it, and what the loop saw.
 */
async function killOneUnderLoad(kv: KvStore, project: string, url: string, victim: string) {
  const service = `${project}-app`;
  const victimHost = await hostnameOf(victim);
  const loop = startRequestLoop(url, { maxRequests: 4000, classify: instanceOf });
  await waitFor(async () => (await routedContainers(kv, service)).includes(victim), { timeoutMs: 10_000, what: `${victim} to be routed` });
  const startedMs = Date.now();
  await docker.getContainer(victim).remove({ force: true });
  await waitFor(async () => !(await routedContainers(kv, service)).includes(victim), { timeoutMs: 30_000, intervalMs: 25, what: `the proxy to drop ${victim}` });
  const droppedMs = Date.now() - startedMs;
  const seen = await loop.stop();
  const after = new Set<string>();
  for (let i = 0; i < 12; i += 1) after.add(instanceOf((await httpGet(url)).body));
  return { droppedMs, seen, after, victimHost };
}

describe('docker-flow proxy watch', function () {
  describe('with Consul: follows the catalog with blocking queries', function () {
    let consul: ConsulTarget;
    let forwarder: TcpForwarder;
    let registeredBefore: Awaited<ReturnType<typeof allInstances>> = [];
    const p = routedProject('cpw', 18310);
    let watch: CliProcess;
    let registrator: CliProcess;
    const logs = (): string => `\n--- registrator ---\n${tail(registrator.log)}\n--- proxy watch ---\n${tail(watch.log)}`;

    before(async () => {
      consul = await consulTarget();
      registeredBefore = await allInstances(consul);
      forwarder = await TcpForwarder.start(consul.address);
      await p.start(['-c', consul.address]);
      registrator = p.watch(['-c', consul.address, '--log-format', 'json', 'registrator']);
      // The proxy watch reaches Consul through a forwarder the test can cut.
      watch = p.watch(['-c', forwarder.address, '--consul-retry=2s', ...p.proxyArgs, '--log-format', 'json', 'proxy', 'watch']);
      await watch.waitForOutput(/proxy watch: following the catalog of Consul at http:\/\/127\.0\.0\.1:\d+; debounce 50 ms \(at most 2000 ms\)/, 30_000);
      await registrator.waitForOutput(/registrator: resync \(start\): \d+ serving instance\(s\)/, 60_000);
    });
    after(async () => {
      await p.stop();
      await forwarder.stop();
      if (p.project !== undefined) await forgetProject(consul, p.project);
      await forgetRegisteredSince(consul, registeredBefore);
      await consul.stop();
    });

    it('docker rm -f of one instance: the proxy drops it within 2 s while requests through it keep succeeding', async () => {
      const victim = `${p.f.project}_app-blue_2`;
      const { droppedMs, seen, after, victimHost } = await killOneUnderLoad(consulKv(consul.address), p.f.project, p.url, victim);
      assert.ok(droppedMs <= 2000, `the proxy dropped ${victim} after ${droppedMs} ms${logs()}`);
      assert.deepEqual(seen.failed, [], 'no request through the proxy failed');
      assert.ok(seen.ok > 0);
      assert.equal(after.has(victimHost), false);
      assert.equal(after.size, 2, `the two other instances answer: ${[...after].join(', ')}`);
      assert.match(watch.log, /proxy watch: the servers changed; the proxy was reloaded/);
    });

    it('while Consul cannot be reached it keeps the last good configuration, and catches up once Consul is back', async () => {
      const service = `${p.f.project}-app`;
      const kv = consulKv(consul.address);
      const victim = `${p.f.project}_app-blue_3`;
      const loop = startRequestLoop(p.url, { maxRequests: 4000, classify: instanceOf });
      await forwarder.cut();
      await watch.waitForOutput(/proxy watch: cannot follow the catalog \(attempt 1\); the proxy keeps its last good configuration; retrying in \d+ ms/, 10_000);
      await docker.getContainer(victim).remove({ force: true });
      const deregistered = async (): Promise<boolean> => !(await passingInstances(consul, `${service}-blue`)).some((i) => i.id === `local:${victim}`);
      await waitFor(deregistered, { timeoutMs: 20_000, what: `the registrator to deregister ${victim}` });
      assert.ok((await routedContainers(kv, service)).includes(victim), 'the proxy still has its last configuration');
      await forwarder.resume();
      // the next retry comes within the backoff cap (30 s, see retry-backoff) after Consul is back
      await waitFor(async () => !(await routedContainers(kv, service)).includes(victim), { timeoutMs: 35_000, intervalMs: 50, what: `the proxy to drop ${victim} once Consul is back` });
      const seen = await loop.stop();
      assert.deepEqual(seen.failed, [], 'no request failed during the outage');
      assert.deepEqual(await routedContainers(kv, service), [`${p.f.project}_app-blue_1`]);
    });
  });

  describe('without Consul: follows the Docker events of every host', function () {
    const p = routedProject('epw', 18320);

    before(async () => {
      // Docker-events mode: Consul's own variables (set when the suite runs against a real agent) are cleared.
      await p.start([], withoutConsul);
      const watch = p.watch([...p.proxyArgs, 'proxy', 'watch'], withoutConsul);
      await watch.waitForOutput(/proxy watch: following the Docker events of local/, 30_000);
    });
    after(async () => p.stop());

    it('docker rm -f of one instance: the proxy drops it within 2 s while requests through it keep succeeding', async () => {
      const victim = `${p.f.project}_app-blue_1`;
      const { droppedMs, seen, after, victimHost } = await killOneUnderLoad(embeddedKv(p.f.stateDir), p.f.project, p.url, victim);
      assert.ok(droppedMs <= 2000, `the proxy dropped ${victim} after ${droppedMs} ms`);
      assert.deepEqual(seen.failed, [], 'no request through the proxy failed');
      assert.equal(after.has(victimHost), false);
      assert.equal(after.size, 2);
    });
  });
});
