import assert from 'node:assert/strict';
import { startRequestLoop, versionOf } from '../flows/request-loop';
import { assertRoutedColourServes, existingColours, releasesOf, runningColours, serviceStatus, faultSuite, demoAppCompose } from './fault-kit';
import { step } from '../support/scenario';

describe('faults: the same deploy command run twice in a row', function () {
  this.timeout(300_000);
  const { cli, service, url } = faultSuite({ prefix: 'fd', compose: demoAppCompose, path: '/idem' });

  it('scenario: deploy + proxy + stop-old twice, then a staged deploy twice', async function () {
    this.timeout(400_000);
    await step('deploy + proxy + stop-old twice: both releases recorded, two colours exist, exactly one runs and serves', async () => {
      const command = ['--blue-green', '--target=app', '--service-path=/idem', '--flow=deploy', '--flow=proxy', '--flow=stop-old'];
      let r = await cli(command, { VERSION: 'v1' });
      assert.equal(r.code, 0, r.stderr);
      const loop = startRequestLoop(url(), { maxRequests: 20_000, classify: versionOf });
      r = await cli(command, { VERSION: 'v1' });
      const seen = await loop.stop();
      assert.equal(r.code, 0, r.stderr);
      assert.deepEqual(seen.failed, []);

      const releases = await releasesOf(cli);
      assert.deepEqual(releases.map((x) => `${x.number}:${x.result}:${x.color ?? '-'}`), ['2:succeeded:green', '1:succeeded:blue']);
      const status = await serviceStatus(cli, service());
      assert.deepEqual(existingColours(status), ['blue', 'green'], 'no third colour');
      assert.deepEqual(runningColours(status), ['green'], 'exactly one colour runs');
      assert.equal(status.instances.length, 2, JSON.stringify(status.instances));
      const served = await assertRoutedColourServes(cli, service(), url());
      assert.deepEqual([served.color, served.version], ['green', 'v1']);
    });

    await step('a staged deploy (deploy alone) twice replaces the staged colour instead of adding one; the routed colour is untouched', async () => {
      const staged = ['--blue-green', '--target=app', '--flow=deploy'];
      const loop = startRequestLoop(url(), { maxRequests: 20_000, classify: versionOf });
      for (let i = 0; i < 2; i += 1) {
        const r = await cli(staged, { VERSION: 'v2' });
        assert.equal(r.code, 0, r.stderr);
      }
      const seen = await loop.stop();
      assert.deepEqual(seen.failed, []);
      assert.deepEqual([...seen.bodies.keys()], ['v1'], 'the proxy kept serving the routed release');

      const releases = await releasesOf(cli);
      assert.deepEqual(releases.slice(0, 2).map((x) => `${x.number}:${x.result}:${x.color ?? '-'}`), ['4:succeeded:blue', '3:succeeded:blue']);
      const status = await serviceStatus(cli, service());
      assert.deepEqual(existingColours(status), ['blue', 'green']);
      assert.equal(status.instances.length, 2, 'one instance per colour, no leftover');
      assert.deepEqual(runningColours(status), ['blue', 'green'], 'the staged colour runs beside the routed one');
      assert.equal(status.routedColor, 'green');
      assert.equal((await assertRoutedColourServes(cli, service(), url())).version, 'v1');
    });
  });
});
