import assert from 'node:assert/strict';
import { startConsulDouble, type ConsulDouble } from '../../support/consul-double/start-consul-double';
import { startRequestLoop, versionOf } from '../flows/request-loop';
import { freePort } from '../support/free-port';
import { TcpForwarder } from '../watch/tcp-forwarder';
import { assertRoutedColourServes, existingColours, releasesOf, runningColours, serviceStatus, faultSuite, demoAppCompose } from './fault-kit';
import { spawnCli } from './spawned-cli';
import { step } from '../support/scenario';

/**
 * Consul failing during a deploy (the Consul API double: failNext for its 500s, a TCP forwarder
 * in front of it to cut the connection). Needs failure injection, so it always runs on the double.
 */
describe('faults: Consul unreachable or answering 500 during a deploy (-c)', function () {
  this.timeout(300_000);
  let consul: ConsulDouble;
  let forwarder: TcpForwarder;
  before(async () => {
    consul = await startConsulDouble();
    forwarder = await TcpForwarder.start(consul.address);
  });
  const s = faultSuite({ prefix: 'fc', compose: demoAppCompose, path: '/consul', before: () => ['-c', forwarder.address], first: { VERSION: 'v1' } });
  const { cli, service, url, release } = s;
  /** The live colour as stored in Consul KV, read from the double itself. */
  const kvColour = async (): Promise<string> => (await fetch(`${consul.address}/v1/kv/docker-flow/${service()}/color?raw`)).text();
  /** Requests fail until the injected failures are used up (each request takes one, or their time passed). */
  const useUpInjectedFailures = async (): Promise<void> => {
    for (let i = 0; i < 100 && (await fetch(`${consul.address}/v1/status/leader`)).status !== 200; i += 1);
  };
  const spawnRelease = (version: string) =>
    spawnCli(['-p', s.f.project, '-c', forwarder.address, '--consul-retry=3s', ...release, ...s.proxyArgs, '--log-level=debug'], {
      cwd: s.f.dir,
      env: { FLOW_STATE_DIR: s.f.stateDir, FLOW_KEEP_IMAGES: '0', FLOW_SETTLE: '1', VERSION: version },
    });

  before(async () => {
    assert.equal(await kvColour(), 'blue');
  });
  after(async () => {
    await forwarder.stop();
    await consul.stop();
  });

  it('scenario: with blue serving, Consul not listening, then answering 500, then unreachable during a release: each refused with blue still serving; once back, the next release completes', async function () {
    this.timeout(500_000);
    await step('Consul not listening at all: exit 4 naming its address before anything is touched', async () => {
      const address = `http://127.0.0.1:${await freePort()}`;
      const r = await s.f.cli(['-c', address, '--consul-retry=2s', ...release, ...s.proxyArgs], { VERSION: 'v2' });
      assert.equal(r.code, 4, r.stderr);
      assert.match(r.stderr, new RegExp(`error: could not reach Consul at ${address.replace(/\./g, '\\.')}/? for .*ECONNREFUSED`));
      assert.match(r.stderr, /next: check that Consul runs there/);
      assert.deepEqual(existingColours(await serviceStatus(cli, service())), ['blue']);
    });

    await step('Consul answering 500 for longer than --consul-retry after the health wait: exit 4, KV colour unchanged, no new colour left running, the old one serves', async () => {
      const loop = startRequestLoop(url(), { maxRequests: 20_000, classify: versionOf });
      const run = spawnRelease('v2');
      await run.waitForLine(/… wait until \S+_app-green_1 on local is healthy/, 180_000);
      consul.failFor(5_000, 'rpc error making call: stream closed');
      const r = await run.exited;
      await useUpInjectedFailures();
      const seen = await loop.stop();

      assert.equal(r.code, 4, r.stderr);
      assert.match(r.stderr, /error: deploy \S+: blue → green[^\n]* failed: Consul at http:\/\/127\.0\.0\.1:\d+\/? failed registering [^\n]*"rpc error making call: stream closed" \(HTTP 500\); retried for [34] s \(--consul-retry 3s\)[^\n]*; blue is still the live colour/);
      assert.match(r.stderr, /answered "rpc error making call: stream closed" \(HTTP 500\); retrying \(\d s of 3 s\)/, 'the timeline says it retries');
      assert.match(r.stderr, /next: Consul reported an error of its own/);
      assert.deepEqual(seen.failed, []);
      assert.deepEqual([...seen.bodies.keys()], ['v1']);
      assert.equal(await kvColour(), 'blue', 'the colour in Consul is unchanged');
      const status = await serviceStatus(cli, service());
      assert.deepEqual(runningColours(status), ['blue'], `no green instance runs\n${r.stderr}`);
      assert.equal((await assertRoutedColourServes(cli, service(), url())).color, 'blue');
    });

    await step('Consul unreachable after the health wait: exit 4, nothing half-written; once back, the next deploy completes', async () => {
      const loop = startRequestLoop(url(), { maxRequests: 20_000, classify: versionOf });
      const run = spawnRelease('v2');
      await run.waitForLine(/… wait until \S+_app-green_1 on local is healthy/, 180_000);
      await forwarder.cut();
      const r = await run.exited;
      await forwarder.resume();
      const seen = await loop.stop();

      assert.equal(r.code, 4, r.stderr);
      assert.match(
        r.stderr,
        /error: deploy \S+: blue → green[^\n]* failed: could not reach Consul at http:\/\/127\.0\.0\.1:\d+\/? for registering [^\n]*ECONNREFUSED; retried for [34] s \(--consul-retry 3s\); undo incomplete: \S+_app-green_1 on local was removed, but could not reach Consul [^\n]*; blue is still the live colour; the deploy lock of \S+ could not be released either/,
      );
      assert.deepEqual(seen.failed, []);
      assert.equal(await kvColour(), 'blue');
      assert.deepEqual(runningColours(await serviceStatus(cli, service())), ['blue'], `no green instance runs\n${r.stderr}`);
      assert.equal((await assertRoutedColourServes(cli, service(), url())).color, 'blue');

      // The lost run could not release its lock: its Consul session expires (TTL), then the lock is free again.
      const next = await cli([...release, '--lock-wait=120s'], { VERSION: 'v2' });
      assert.equal(next.code, 0, next.stderr);
      assert.equal(await kvColour(), 'green');
      const served = await assertRoutedColourServes(cli, service(), url());
      assert.deepEqual([served.color, served.version], ['green', 'v2']);
      assert.deepEqual((await releasesOf(cli)).filter((x) => x.result === 'in-progress'), [], 'the release the lost run could not close is recorded as failed');
    });
  });
});
