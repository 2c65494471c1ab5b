import assert from 'node:assert/strict';
import { docker, flowFixture, running, type FlowFixture } from './flow-fixture';
import { step } from '../support/scenario';

describe('blue-green deploy, scale and stop-old on a real engine', function () {
  let f: FlowFixture;
  before(async () => {
    f = await flowFixture(`bg${process.pid}`);
  });
  after(async () => f.cleanup());

  const liveColor = async (): Promise<string | undefined> => {
    const r = await f.cli(['status', '--json']);
    assert.equal(r.code, 0, r.stderr);
    const status = JSON.parse(r.stdout) as { services: { service: string; liveColor?: string }[] };
    return status.services.find((s) => s.service === `${f.project}-app`)?.liveColor;
  };
  const deploy = (extra: string[] = [], version = 'v1') => f.cli(['--blue-green', '--target=app', '--side-target=db', '--flow=deploy', ...extra], { VERSION: version });

  it('scenario: blue, then green beside it, stop-old, scale, a new colour of two, two failed releases; status and releases report it all', async function () {
    this.timeout(300_000);
    await step('first deploy starts one blue instance and the side target, and records blue', async () => {
      const r = await deploy();
      assert.equal(r.code, 0, r.stderr);
      assert.deepEqual(running(await f.containers()), [`${f.project}_app-blue_1`, `${f.project}_db_1`]);
      assert.equal((await liveColor()), 'blue');
      assert.match(r.stderr, /✓ wait until .*app-blue_1 .* is healthy/);
    });

    await step('second deploy starts green beside blue', async () => {
      const r = await deploy([], 'v2');
      assert.equal(r.code, 0, r.stderr);
      assert.deepEqual(running(await f.containers()), [`${f.project}_app-blue_1`, `${f.project}_app-green_1`, `${f.project}_db_1`]);
      const green = (await f.containers()).find((c) => c.name.endsWith('app-green_1'));
      assert.equal(green?.image, 'docker-flow-demo:v2');
    });

    await step('stop-old stops (keeps) blue, leaving green live', async () => {
      const r = await f.cli(['--blue-green', '--target=app', '--flow=stop-old']);
      assert.equal(r.code, 0, r.stderr);
      const all = await f.containers();
      assert.equal(all.find((c) => c.name.endsWith('app-blue_1'))?.state, 'exited');
      assert.equal(all.find((c) => c.name.endsWith('app-green_1'))?.state, 'running');
    });

    await step('--scale=+2 then --scale=-1 give 3 then 2 instances of the live colour', async () => {
      let r = await f.cli(['--blue-green', '--target=app', '--scale=+2', '--flow=scale']);
      assert.equal(r.code, 0, r.stderr);
      assert.equal(running(await f.containers()).filter((n) => n.includes('app-green')).length, 3);
      r = await f.cli(['--blue-green', '--target=app', '--scale=-1', '--flow=scale']);
      assert.equal(r.code, 0, r.stderr);
      assert.deepEqual(running(await f.containers()).filter((n) => n.includes('app-')), [`${f.project}_app-green_1`, `${f.project}_app-green_2`]);
    });

    await step('a deploy without --scale then starts 2 instances of the new colour, replacing the stopped blue', async () => {
      const r = await deploy(['--flow=stop-old'], 'v1');
      assert.equal(r.code, 0, r.stderr);
      const all = await f.containers();
      assert.deepEqual(running(all).filter((n) => n.includes('app-')), [`${f.project}_app-blue_1`, `${f.project}_app-blue_2`]);
      assert.deepEqual(all.filter((c) => c.name.includes('app-green')).map((c) => c.state), ['exited', 'exited']);
    });

    await step('a release whose health check fails exits 1, removes the new colour, and leaves the old one live', async () => {
      const r = await f.cli(['--blue-green', '--target=app', '--flow=deploy', '--health-timeout=30'], { VERSION: 'unhealthy' });
      assert.equal(r.code, 1, r.stderr);
      assert.match(r.stderr, /app-green_1 on local .*unhealthy/);
      assert.match(r.stderr, /blue is still the live colour/);
      const all = await f.containers();
      assert.deepEqual(running(all).filter((n) => n.includes('app-')), [`${f.project}_app-blue_1`, `${f.project}_app-blue_2`]);
      assert.equal(all.filter((c) => c.name.includes('app-green')).length, 0, 'the failed colour is removed');
      assert.equal(await liveColor(), 'blue');
    });

    await step('a container that exits at once fails the deploy with its exit code', async () => {
      const r = await f.cli(['--blue-green', '--target=app', '--flow=deploy'], { VERSION: 'exits' });
      assert.equal(r.code, 1);
      assert.match(r.stderr, /exited with code 1|restarting/);
      assert.deepEqual(running(await f.containers()).filter((n) => n.includes('app-')), [`${f.project}_app-blue_1`, `${f.project}_app-blue_2`]);
    });

    await step('status shows the live colour, each instance with host, state, health, image and ports', async () => {
      const r = await f.cli(['status']);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, new RegExp(`${f.project}-app\\s+live: blue`));
      assert.match(r.stdout, /host local/);
      assert.match(r.stdout, new RegExp(`${f.project}_app-blue_1\\s+blue\\s+running\\s+healthy\\s+docker-flow-demo:v1\\s+127\\.0\\.0\\.1:\\d+->8080/tcp`));
    });

    await step('releases lists every deploy newest first with its result', async () => {
      const r = await f.cli(['--target=app', 'releases', '--json']);
      assert.equal(r.code, 0, r.stderr);
      const results = (JSON.parse(r.stdout) as { number: number; result: string }[]).map((x) => `${x.number}:${x.result}`);
      assert.deepEqual(results, ['5:failed', '4:failed', '3:succeeded', '2:succeeded', '1:succeeded']);
    });

    await step('each release record says who deployed what, when, from which configuration, where, and how it ended', async () => {
      const records = JSON.parse((await f.cli(['--target=app', 'releases', '--json'])).stdout) as Record<string, unknown>[];
      const second = records.find((r) => r['number'] === 2);
      assert.ok(second !== undefined);
      assert.match(String(second['who']), /^\S+@\S+$/);
      assert.ok(Date.parse(String(second['startedAt'])) <= Date.parse(String(second['finishedAt'])));
      assert.deepEqual([second['color'], second['previousColor'], second['scale'], second['hosts'], second['result']], ['green', 'blue', 1, ['local'], 'succeeded']);
      const image = (second['images'] as Record<string, { image: string; id?: string }>)['app'];
      assert.equal(image?.image, 'docker-flow-demo:v2');
      assert.equal(image?.id, (await docker.getImage('docker-flow-demo:v2').inspect()).Id, 'the image id the release ran');
      assert.match(String(second['configHash']), /^[0-9a-f]{16}$/, 'sha256 of the compose files and options (16 hex digits)');
      const failed = records.find((r) => r['number'] === 5);
      assert.equal(failed?.['result'], 'failed');
      assert.match(String(failed?.['error']), /\S/);
    });
  });
});
