import assert from 'node:assert/strict';
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { startRequestLoop, versionOf } from '../flows/request-loop';
import { localSocketPath } from '../support/local-docker';
import { assertRoutedColourServes, serviceStatus, faultSuite, demoAppCompose } from './fault-kit';
import { SlowEngineSocket } from './slow-engine-socket';
import { spawnCli } from './spawned-cli';

describe('faults: an engine that answers slowly (every Engine API call has a timeout, --engine-timeout)', function () {
  this.timeout(300_000);
  let slow: SlowEngineSocket;
  before(async () => {
    slow = await SlowEngineSocket.start(localSocketPath, 0);
  });
  const s = faultSuite({ prefix: 'fs', compose: demoAppCompose, path: '/slow', before: () => ['-H', slow.endpoint] });
  const { cli, service, url, release } = s;
  const escaped = (text: string): string => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  const timedOut = (within: string): RegExp =>
    new RegExp(`error: [^\\n]*engine on \\S+ \\(${escaped(slow.endpoint)}\\) did not answer [a-z ]+( \\([^)]*\\))? within ${escaped(within)}[^\\n]*\\n\\s+next: .*--engine-timeout`);

  after(async () => {
    await slow.stop();
  });

  it('--engine-timeout=1s with an engine 3 s slow: exit 4 naming the host, the call and the limit; nothing was created', async () => {
    const before = await s.f.containers();
    slow.delayMs = 3000;
    try {
      const r = await cli([...release, '--engine-timeout=1s'], { VERSION: 'v1' });
      assert.equal(r.code, 4, r.stderr);
      assert.match(r.stderr, timedOut('1s'));
    } finally {
      slow.delayMs = 0;
    }
    assert.deepEqual(await s.f.containers(), before);
  });

  it('FLOW_ENGINE_TIMEOUT and engine_timeout in docker-flow.yml set the same limit', async () => {
    const before = await s.f.containers();
    slow.delayMs = 3000;
    try {
      let r = await cli(release, { VERSION: 'v1', FLOW_ENGINE_TIMEOUT: '1500ms' });
      assert.equal(r.code, 4, r.stderr);
      assert.match(r.stderr, timedOut('1.5s'));
      await writeFile(join(s.f.dir, 'docker-flow.yml'), 'engine_timeout: 2s\n');
      r = await cli(release, { VERSION: 'v1' });
      assert.equal(r.code, 4, r.stderr);
      assert.match(r.stderr, timedOut('2s'));
    } finally {
      slow.delayMs = 0;
      await rm(join(s.f.dir, 'docker-flow.yml'), { force: true });
    }
    assert.deepEqual(await s.f.containers(), before);
  });

  it('an engine that turns slow during the health wait: exit 4, nothing switched, the old release serves; the next run completes', async () => {
    slow.delayMs = 0;
    let r = await cli([...release, '--engine-timeout=5s'], { VERSION: 'v1' });
    assert.equal(r.code, 0, r.stderr);
    const loop = startRequestLoop(url(), { maxRequests: 20_000, classify: versionOf });
    const run = spawnCli(['-p', s.f.project, '-H', slow.endpoint, ...release, ...s.proxyArgs, '--engine-timeout=5s', '--log-level=debug'], {
      cwd: s.f.dir,
      env: { FLOW_STATE_DIR: s.f.stateDir, FLOW_KEEP_IMAGES: '0', FLOW_SETTLE: '1', VERSION: 'v2' },
    });
    await run.waitForLine(/… wait until \S+_app-green_1 on \S+ is healthy/, 180_000);
    slow.delayMs = 8000;
    r = await run.exited;
    slow.delayMs = 0;
    const seen = await loop.stop();

    assert.equal(r.code, 4, r.stderr);
    assert.match(r.stderr, timedOut('5s'));
    assert.match(r.stderr, /blue is still the live colour/);
    assert.deepEqual(seen.failed, []);
    assert.deepEqual([...seen.bodies.keys()], ['v1']);
    const status = await serviceStatus(cli, service());
    assert.deepEqual([status.liveColor, status.routedColor], ['blue', 'blue'], 'nothing was switched');
    assert.equal((await assertRoutedColourServes(cli, service(), url())).version, 'v1');

    r = await cli([...release, '--engine-timeout=5s'], { VERSION: 'v2' });
    assert.equal(r.code, 0, r.stderr);
    const served = await assertRoutedColourServes(cli, service(), url());
    assert.deepEqual([served.color, served.version], ['green', 'v2']);
  });
});
