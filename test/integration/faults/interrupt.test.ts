import assert from 'node:assert/strict';
import { startRequestLoop, versionOf } from '../flows/request-loop';
import { assertRoutedColourServes, existingColours, releasesOf, runningColours, serviceStatus, faultSuite, demoAppCompose } from './fault-kit';
import { spawnCli } from './spawned-cli';
import { step } from '../support/scenario';

describe('faults: Ctrl-C (SIGINT) during the health wait', function () {
  this.timeout(300_000);
  const s = faultSuite({ prefix: 'fi', compose: demoAppCompose, path: '/int', first: { VERSION: 'v1' } });
  const { cli, service, url, release } = s;

  it('scenario: Ctrl-C during the health wait is undone, and an immediate second deploy takes the lock and completes', async () => {
    await step('exits 130, removes the new colour, leaves the old one serving and releases the lock', async () => {
      const loop = startRequestLoop(url(), { maxRequests: 20_000, classify: versionOf });
      // nohealth has no health check: it counts as healthy after --settle, so the wait lasts 60 s unless interrupted
      const run = spawnCli(['-p', s.f.project, ...release, ...s.proxyArgs, '--settle=60', '--log-level=debug'], {
        cwd: s.f.dir,
        env: { FLOW_STATE_DIR: s.f.stateDir, FLOW_KEEP_IMAGES: '0', VERSION: 'nohealth' },
      });
      await run.waitForLine(/… wait until \S+_app-green_1 on local is healthy/, 180_000);
      run.signal('SIGINT');
      const r = await run.exited;
      const seen = await loop.stop();

      assert.equal(r.code, 130, r.stderr);
      assert.match(r.stderr, /SIGINT: stopping; a release in progress is undone and the old one keeps serving/);
      assert.match(r.stderr, /error: deploy \S+: blue → green, .* failed: .*interrupted.*; undone: remove \S+_app-green_1 on local; blue is still the live colour/);
      assert.deepEqual(seen.failed, [], 'no request failed');
      assert.deepEqual([...seen.bodies.keys()], ['v1'], 'only the old release answered');

      const status = await serviceStatus(cli, service());
      assert.deepEqual(existingColours(status), ['blue'], 'the new colour was removed');
      assert.equal(status.liveColor, 'blue');
      assert.equal((await assertRoutedColourServes(cli, service(), url())).color, 'blue');
      assert.equal((await releasesOf(cli))[0]?.result, 'failed', 'the interrupted release is recorded as failed');
      assert.equal((await cli(['lock', 'status', service()])).stdout.trim(), `${service()}: not locked`);
    });

    await step('an immediate second deploy takes the lock and completes', async () => {
      const r = await cli(release, { VERSION: 'v2' });
      assert.equal(r.code, 0, r.stderr);
      assert.doesNotMatch(r.stderr, /taking over the deploy lock/, 'the interrupted run released its lock itself');
      const served = await assertRoutedColourServes(cli, service(), url());
      assert.deepEqual([served.color, served.version], ['green', 'v2']);
      assert.deepEqual(runningColours(await serviceStatus(cli, service())), ['green']);
    });
  });
});

describe('faults: Ctrl-C (SIGINT) at the other steps of deploy + proxy + stop-old', function () {
  this.timeout(300_000);
  const s = faultSuite({ prefix: 'fj', compose: demoAppCompose, path: '/int2', first: { VERSION: 'v1' } });
  const { cli, service, url, release } = s;
  const interrupted = async (marker: RegExp, version: string): Promise<{ readonly code: number; readonly stderr: string }> => {
    const run = spawnCli(['-p', s.f.project, ...release, ...s.proxyArgs, '--log-level=debug'], { cwd: s.f.dir, env: { FLOW_STATE_DIR: s.f.stateDir, FLOW_SETTLE: '1', FLOW_KEEP_IMAGES: '0', VERSION: version } });
    await run.waitForLine(marker, 180_000);
    run.signal('SIGINT');
    return run.exited;
  };

  it('scenario: Ctrl-C right after the new colour started, then after the proxy switched during stop-old; the next run completes a release', async function () {
    this.timeout(400_000);
    await step('right after the new colour started: exit 130, the new colour removed, the old one serving, the lock released', async () => {
      const loop = startRequestLoop(url(), { maxRequests: 20_000, classify: versionOf });
      const r = await interrupted(/✓ start \S+_app-green_1 on local/, 'v2');
      const seen = await loop.stop();
      assert.equal(r.code, 130, r.stderr);
      assert.deepEqual(seen.failed, []);
      assert.deepEqual([...seen.bodies.keys()], ['v1']);
      const status = await serviceStatus(cli, service());
      assert.deepEqual(existingColours(status), ['blue']);
      assert.equal(status.liveColor, 'blue');
      assert.equal((await cli(['lock', 'status', service()])).stdout.trim(), `${service()}: not locked`);
    });

    await step('after the proxy switched, while stop-old drains a slow request: exit 130, the new release serves, the slow request still finishes, the lock is released', async () => {
      // a request held 8 s by blue keeps stop-old draining, so the signal surely lands before blue stops
      const slow = fetch(`${url()}?delayMs=8000`, { signal: AbortSignal.timeout(60_000) }).then(async (response) => ({ status: response.status, body: await response.text() }));
      const loop = startRequestLoop(url(), { maxRequests: 20_000, classify: versionOf });
      const r = await interrupted(/✓ route \/int2 of /, 'v2');
      const seen = await loop.stop();
      assert.equal(r.code, 130, r.stderr);
      assert.match(r.stderr, /SIGINT: stopping/);
      assert.deepEqual(seen.failed, [], 'no request failed');
      const answered = await slow;
      assert.deepEqual([answered.status, versionOf(answered.body)], [200, 'v1'], 'the request in flight to the old colour finished');
      const served = await assertRoutedColourServes(cli, service(), url());
      assert.deepEqual([served.color, served.version], ['green', 'v2']);
      const status = await serviceStatus(cli, service());
      assert.equal(status.liveColor, 'green', 'the recorded live colour is the routed one');
      assert.ok(runningColours(status).includes('blue'), 'stop-old was interrupted before it stopped blue');
      assert.equal((await cli(['lock', 'status', service()])).stdout.trim(), `${service()}: not locked`);
    });

    await step('the next run of the same command completes a release: only the routed colour runs', async () => {
      const r = await cli(release, { VERSION: 'v2' });
      assert.equal(r.code, 0, r.stderr);
      const served = await assertRoutedColourServes(cli, service(), url());
      assert.equal(served.version, 'v2');
      assert.deepEqual(runningColours(await serviceStatus(cli, service())), [served.color]);
    });
  });
});
