import assert from 'node:assert/strict';
import { startConsulDouble, type ConsulDouble } from '../../support/consul-double/start-consul-double';
import type { FlowFixture } from '../flows/flow-fixture';
import { startRequestLoop, versionOf } from '../flows/request-loop';
import { freePort } from '../support/free-port';
import { assertRoutedColourServes, releasesOf, runningColours, serviceStatus, type Cli, proxiedProject, type ProxiedProject } from './fault-kit';
import { spawnCli } from './spawned-cli';

const appCompose = 'services:\n  app:\n    image: docker-flow-demo:${VERSION}\n    ports: ["8080"]\n    stop_grace_period: 2s\n';

/**
 * Consul losing its leader during a deploy, modelled on what a real three-server cluster answered
 * (500 "No cluster leader" or "rpc error making call: stream closed" for the 11-18 s of an election,
 * connections closed by a restarting agent), with short bounds (--consul-retry 3s, faults of 1-2 s)
 * so the suite stays fast. Always on the double: it needs the failures injected.
 */
describe('faults: Consul loses its leader, or the deploy its lock (-c, --consul-retry)', function () {
  this.timeout(300_000);
  let consul: ConsulDouble;
  let f: FlowFixture;
  let proxyArgs: readonly string[];
  let cli: Cli;
  let p: ProxiedProject;
  let deadAgent: string;
  let version = 1;
  const service = (): string => `${f.project}-app`;
  const url = (): string => p.url('/leader/');
  const release = ['--blue-green', '--target=app', '--service-path=/leader', '--flow=deploy', '--flow=proxy', '--flow=stop-old'];
  const kvColour = async (): Promise<string> => (await fetch(`${consul.address}/v1/kv/docker-flow/${service()}/color?raw`)).text();
  /** The next release, on two agents: the first one never answers, so every request goes on to the second. */
  const spawnRelease = (extra: readonly string[] = [], o: { readonly image?: string; readonly retry?: string } = {}) => {
    version = version === 1 ? 2 : 1;
    return spawnCli(['-p', f.project, '-c', deadAgent, '-c', consul.address, `--consul-retry=${o.retry ?? '3s'}`, ...release, ...extra, ...proxyArgs, '--log-level=debug'], {
      cwd: f.dir,
      env: { FLOW_STATE_DIR: f.stateDir, FLOW_KEEP_IMAGES: '0', FLOW_SETTLE: '1', VERSION: o.image ?? `v${version}` },
    });
  };

  before(async () => {
    consul = await startConsulDouble();
    deadAgent = `http://127.0.0.1:${await freePort()}`;
    p = await proxiedProject('ll', appCompose, { before: ['-c', consul.address] });
    ({ f, proxyArgs, cli } = p);
    const r = await cli(release, { VERSION: 'v1' });
    assert.equal(r.code, 0, r.stderr);
  });
  after(async () => {
    await p.close();
    await consul.stop();
  });

  it('an election (no leader, then closed connections) while the new colour registers: the deploy waits it out and completes', async () => {
    const loop = startRequestLoop(url(), { maxRequests: 20_000, classify: versionOf });
    // The new instance turns healthy (and is registered) 1-2 s after its wait starts: the election spans that.
    const run = spawnRelease([], { retry: '5s' });
    await run.waitForLine(/… wait until \S+_app-green_1 on local is healthy/, 180_000);
    consul.failFor(3_000);
    setTimeout(() => consul.dropConnectionsFor(1_000), 3_000);
    const r = await run.exited;
    const seen = await loop.stop();

    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /Consul has no leader; retrying \(\d s of 5 s\)/);
    assert.match(r.stderr, /did not answer \(ECONN(RESET|REFUSED)\); retrying/, 'closed connections are retried on the agents in turn');
    assert.deepEqual(seen.failed, []);
    assert.equal(await kvColour(), 'green');
    const served = await assertRoutedColourServes(cli, service(), url());
    assert.deepEqual([served.color, served.version], ['green', 'v2']);
    assert.deepEqual((await releasesOf(cli)).filter((x) => x.result !== 'succeeded'), [], 'no release left failed or in progress');
  });

  it('no leader for longer than --consul-retry, with two instances registering at once: exit 4 (not 1), the undo done, the old colour serves', async () => {
    const run = spawnRelease(['--scale=2']);
    await run.waitForLine(/… wait until \S+_app-blue_2 on local is healthy/, 180_000);
    consul.failFor(5_000);
    const r = await run.exited;

    assert.equal(r.code, 4, r.stderr);
    const errorLine = r.stderr.split('\n').find((line) => line.startsWith('error: ')) ?? '';
    const registrations = errorLine.match(/failed registering [^;]+"No cluster leader" \(HTTP 500\); retried for [34] s/g) ?? [];
    assert.equal(registrations.length, 2, `both registrations failed and are named:\n${r.stderr}`);
    assert.match(errorLine, /; undone: [^\n]*; green is still the live colour/);
    assert.equal(await kvColour(), 'green');
    assert.deepEqual(runningColours(await serviceStatus(cli, service())), ['green'], `no blue instance runs\n${r.stderr}`);
    assert.equal((await assertRoutedColourServes(cli, service(), url())).color, 'green');
    assert.doesNotMatch(r.stderr, /could not record/, 'Consul was back within the bound: the failed release is recorded');
    const last = [...(await releasesOf(cli))].sort((a, b) => b.number - a.number)[0];
    assert.equal(last?.result, 'failed', 'the failed release is recorded');
  });

  it('the lock lost during the health wait (an operator ran lock release): exit 3 naming the lock, the undo done, the old colour serves', async () => {
    // An image without a health check, kept running for --settle: a health wait longer than a lock renewal (5 s).
    const run = spawnRelease(['--settle=12s'], { image: 'nohealth' });
    await run.waitForLine(/… wait until \S+_app-blue_1 on local is healthy/, 180_000);
    const released = await cli(['lock', 'release', service()]);
    assert.equal(released.code, 0, released.stderr);
    const r = await run.exited;

    assert.equal(r.code, 3, r.stderr);
    assert.match(r.stderr, new RegExp(`error: deploy ${service()}[^\\n]* failed: the deploy lock of ${service()} was lost: its Consul session \\S+ ended`));
    assert.match(r.stderr, /; undone: /, 'the undo ran, after taking the lock again');
    assert.equal(await kvColour(), 'green');
    assert.deepEqual(runningColours(await serviceStatus(cli, service())), ['green'], `no blue instance runs\n${r.stderr}`);
    assert.equal((await assertRoutedColourServes(cli, service(), url())).color, 'green');
    const lock = await cli(['lock', 'status', service()]);
    assert.match(lock.stdout, /not locked/, 'the lock taken again for the undo is released');
  });
});
