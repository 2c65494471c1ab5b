import assert from 'node:assert/strict';
import { freePort } from '../support/free-port';
import { httpGet } from '../support/http-get';
import { flowFixture, running, type FlowFixture } from './flow-fixture';
import { startRequestLoop, versionOf } from './request-loop';
import { step } from '../support/scenario';

describe('rollback', function () {
  let f: FlowFixture;
  let proxy: string[];
  const get = async (): Promise<string> => versionOf((await httpGet(`http://127.0.0.1:${proxy[1]}/demo/`)).body);
  const release = (version: string) => f.cli(['--blue-green', '--target=app', '--service-path=/demo', '--flow=deploy', '--flow=proxy', '--flow=stop-old', ...proxy], { VERSION: version });

  before(async () => {
    proxy = ['--proxy-port', String(await freePort()), '--proxy-reconf-port', String(await freePort())];
    f = await flowFixture(`rb${process.pid}`);
  });
  after(async () => {
    await f.cli(['proxy', 'stop', ...proxy]);
    await f.cleanup();
  });

  it('scenario: rollback after stop-old, no bounce back on a second rollback, rollback --to a release whose containers are gone', async function () {
    this.timeout(300_000);
    await step('after stop-old, rollback restarts the kept colour and serves the old version within seconds, with no failed request', async () => {
      assert.equal((await release('v1')).code, 0);
      assert.equal((await release('v2')).code, 0);
      assert.equal(await get(), 'v2');
      const loop = startRequestLoop(`http://127.0.0.1:${proxy[1]}/demo/`, { maxRequests: 5000, classify: versionOf });
      const started = Date.now();
      const r = await f.cli(['--blue-green', '--target=app', 'rollback', ...proxy]);
      const seconds = (Date.now() - started) / 1000;
      const seen = await loop.stop();
      assert.equal(r.code, 0, r.stderr);
      assert.equal(await get(), 'v1');
      assert.deepEqual(seen.failed, []);
      assert.ok(seconds < 30, `rollback took ${seconds}s`);
      const all = await f.containers();
      assert.deepEqual(running(all).filter((n) => n.includes('app-')), [`${f.project}_app-blue_1`], 'the kept blue runs again, green is stopped');
    });

    await step('a second rollback does not bounce back to the rolled-back release', async () => {
      const r = await f.cli(['--blue-green', '--target=app', 'rollback', '--dry-run', ...proxy]);
      assert.equal(r.code, 2, 'only release 1 (live) and the rolled-back release 2 exist: nothing earlier to go to');
      assert.match(r.stderr, /no earlier successful release/);
      const releases = await f.cli(['--target=app', 'releases', '--json']);
      const list = JSON.parse(releases.stdout) as { number: number; result: string; rollbackTo?: number }[];
      assert.deepEqual(list.map((x) => `${x.number}:${x.result}${x.rollbackTo === undefined ? '' : `>${x.rollbackTo}`}`), ['3:succeeded>1', '2:rolled-back', '1:succeeded']);
    });

    await step('rollback --to a release whose containers are gone deploys its image again as a new release', async () => {
      assert.equal((await release('v2')).code, 0); // release 4: green v2; blue (v1) stopped
      await f.cleanup(); // the kept containers are gone (and so is the live one: the redeploy must still work)
      assert.equal((await release('nohealth')).code, 0); // release 5 on blue, v3 without health check
      const r = await f.cli(['--blue-green', '--target=app', 'rollback', '--to', '4', ...proxy]);
      assert.equal(r.code, 0, r.stderr);
      assert.equal(await get(), 'v2');
      const releases = JSON.parse((await f.cli(['--target=app', 'releases', '--json'])).stdout) as { number: number; result: string; rollbackTo?: number }[];
      assert.equal(releases[0]?.rollbackTo, 4);
      assert.equal(releases[0]?.result, 'succeeded');
    });
  });
});
