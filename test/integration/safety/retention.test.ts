import assert from 'node:assert/strict';
import { flowFixture, docker, running, type FlowFixture } from '../flows/flow-fixture';
import { testLabel } from '../support/test-label';
import { uniqueName } from '../support/unique-name';
import { step } from '../support/scenario';

const repository = 'df-retention-test';
const compose = `
services:
  app:
    image: ${repository}:\${TAG:-3}
    ports: ["8080"]
    stop_grace_period: 2s
`;

/** Tags of the throwaway repository on the local engine, in natural order. */
async function tags(): Promise<string[]> {
  const images = await docker.listImages({ filters: { reference: [repository] } });
  return images
    .flatMap((i) => i.RepoTags ?? [])
    .filter((t) => t.startsWith(`${repository}:`))
    .map((t) => t.slice(repository.length + 1))
    .sort((a, b) => Number(a) - Number(b));
}

describe('image retention after a deploy (keep_images) on a real engine', function () {
  let f: FlowFixture;
  const label = uniqueName('sf-keep');
  let pinned = '';

  before(async () => {
    f = await flowFixture(label, compose);
    // six throwaway tags of one local image; no image is pulled or built
    for (let n = 1; n <= 6; n += 1) await docker.getImage('docker-flow-demo:v1').tag({ repo: repository, tag: String(n) });
    // a stopped container of another project created from tag 1: its image must stay
    const other = await docker.createContainer({ Image: `${repository}:1`, name: `${label}-other`, Cmd: ['true'], Labels: { [testLabel]: label } });
    pinned = other.id;
  });

  after(async () => {
    await f.cleanup();
    await docker.getContainer(pinned).remove({ force: true }).catch(() => undefined);
    for (const tag of await tags()) await docker.getImage(`${repository}:${tag}`).remove().catch(() => undefined);
  });

  const deploy = (tag: string, keep = '2', extra: readonly string[] = []) => f.cli(['--blue-green', '--target=app', '--flow=deploy', ...extra], { TAG: tag, FLOW_KEEP_IMAGES: keep });

  it('scenario: retention keeps the newest N released tags and every tag in use, never one docker-flow did not release, never the previous release, nothing with keep_images 0 or after a failed deploy', async () => {
    await step('of the released tags, keeps the newest N plus every tag a container uses (the live releases, a stopped container of another project); tags never released stay', async () => {
      assert.deepEqual(await tags(), ['1', '2', '3', '4', '5', '6']);
      // releases 1 (blue), 2 (green), 4 (blue), with retention off
      for (const tag of ['1', '2', '4']) {
        const r = await deploy(tag, '0');
        assert.equal(r.code, 0, r.stderr);
      }
      assert.deepEqual(await tags(), ['1', '2', '3', '4', '5', '6']);
      const r = await deploy('3', '1');
      assert.equal(r.code, 0, r.stderr);
      assert.deepEqual(await tags(), ['1', '3', '4', '5', '6'], 'newest released 4 (blue), live 3 (green), 1 used by a stopped container; 5 and 6 were never released');
      assert.match(r.stderr, /image retention: keep the newest 1 released images of df-retention-test on each host/);
      assert.match(r.stderr, /✓ remove image df-retention-test:2 on local/);
      assert.ok((await docker.getImage('docker-flow-demo:v1').inspect()).Id !== '', 'only tags go: the shared image stays');
    });

    await step('never removes the image of the previous release, running or stopped', async () => {
      let r = await deploy('6');
      assert.equal(r.code, 0, r.stderr);
      assert.deepEqual(running(await f.containers()), [`${f.project}_app-blue_1`, `${f.project}_app-green_1`]);
      assert.deepEqual(await tags(), ['1', '3', '4', '5', '6'], 'newest released 6 and 4, 3 the previous release, 1 in use');
      r = await f.cli(['--blue-green', '--target=app', '--flow=stop-old'], { FLOW_KEEP_IMAGES: '2' });
      assert.equal(r.code, 0, r.stderr);
      assert.equal((await f.containers()).find((c) => c.name.endsWith('app-green_1'))?.state, 'exited');
      r = await deploy('5', '1');
      assert.equal(r.code, 0, r.stderr);
      // green (tag 3, stopped) was replaced by green on tag 5; blue (6) is the previous release; 4 is used by nothing now; 1 is still pinned
      assert.deepEqual(await tags(), ['1', '5', '6']);
    });

    await step('with keep_images 0 nothing is removed; a failed deploy removes nothing', async () => {
      await docker.getContainer(pinned).remove({ force: true });
      let r = await deploy('6', '0');
      assert.equal(r.code, 0, r.stderr);
      assert.deepEqual(await tags(), ['1', '5', '6']);
      assert.doesNotMatch(r.stderr, /image retention/);
      r = await deploy('5', '1', ['--release-command=exit 1']);
      assert.equal(r.code, 1, r.stderr);
      assert.deepEqual(await tags(), ['1', '5', '6']);
    });
  });
});
