import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { flowFixture, running, type FlowFixture } from '../flows/flow-fixture';
import { uniqueName } from '../support/unique-name';
import { dockerPs, releaseCommandContainers, serviceState } from './safety-kit';
import { step } from '../support/scenario';

const compose = `
services:
  app:
    image: docker-flow-demo:\${VERSION:-v1}
    ports: ["8080"]
    environment:
      DB_URL: postgres://db/shop
    stop_grace_period: 2s
  db:
    image: docker-flow-side:v1
    expose: ["8080"]
`;

describe('release command on a real engine', function () {
  let f: FlowFixture;
  before(async () => {
    f = await flowFixture(uniqueName('sf-rc'), compose);
  });
  after(async () => f.cleanup());

  // retention off: these tests are about the release command, and the demo images are shared
  const deploy = (args: readonly string[], version = 'v1') => f.cli(['--blue-green', '--target=app', '--flow=deploy', ...args], { VERSION: version, FLOW_KEEP_IMAGES: '0' });

  it('scenario: a release command that runs (release 1), one that exits 3, one past its timeout, then the argv form from docker-flow.yml (release 2 on green)', async () => {
    await step('runs once from the new image with the target environment and networks, streams its output, then the deploy goes on', async () => {
      const r = await deploy(['--side-target=db', '--release-command=echo "migrating $DB_URL as $SERVICE_NAME"; wget -q -O- http://db:8080/ | head -1']);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stderr, new RegExp(`│ migrating postgres://db/shop as ${f.project}-app-blue`), 'the target environment');
      assert.match(r.stderr, /│ side: v1/, 'the project network: the side target answered by its name');
      const output = r.stderr.indexOf('│ migrating');
      assert.ok(output > 0 && output < r.stderr.indexOf(`start ${f.project}_app-blue_1`), 'output before any new instance starts');
      assert.equal(r.stderr.match(/run the release command/g)?.length, 1, r.stderr);
      assert.deepEqual(running(await f.containers()), [`${f.project}_app-blue_1`, `${f.project}_db_1`]);
      assert.deepEqual(await releaseCommandContainers(f.project), [], 'the one-off container is removed');
      assert.equal((await serviceState(f)).liveColor, 'blue');
    });

    await step('a command that exits 3 fails the deploy (exit 1) naming the command, the code and the last output; nothing starts, colour and scale stay', async () => {
      const before = await dockerPs(f.project);
      const state = await serviceState(f);
      const r = await deploy(['--release-command=echo checking schema; echo "schema is behind" >&2; exit 3'], 'v2');
      assert.equal(r.code, 1, r.stderr);
      const error = r.stderr.split('\n').find((line) => line.startsWith('error: ')) ?? '';
      assert.match(error, /release command "echo checking schema; echo \\"schema is behind\\" >&2; exit 3" from docker-flow-demo:v2 on local exited with code 3; last output: /);
      // stdout and stderr are separate streams: both lines are there, in either order
      assert.ok(error.includes('"checking schema"') && error.includes('"schema is behind"'), error);
      assert.match(r.stderr, /blue is still the live colour/);
      assert.deepEqual(await dockerPs(f.project), before, 'docker ps -a is unchanged');
      const after = await serviceState(f);
      assert.deepEqual([after.liveColor, after.scale], [state.liveColor, state.scale]);
      assert.equal(after.lastRelease?.result, 'failed', 'the attempt is in the release history');
      assert.deepEqual(await releaseCommandContainers(f.project), []);
    });

    await step('a command that runs past its timeout is killed and fails the deploy; nothing starts', async () => {
      const before = await dockerPs(f.project);
      const r = await deploy(['--release-command=echo started; sleep 120', '--release-command-timeout=3s'], 'v2');
      assert.equal(r.code, 1, r.stderr);
      assert.match(r.stderr, /release command "echo started; sleep 120" .* failed: .*did not finish within 3s and was killed; last output: "started"/);
      assert.match(r.stderr, /--release-command-timeout/);
      assert.deepEqual(await dockerPs(f.project), before);
      assert.deepEqual(await releaseCommandContainers(f.project), []);
      assert.equal((await serviceState(f)).liveColor, 'blue');
    });

    await step('release_command as a YAML list in docker-flow.yml runs as arguments, without a shell', async () => {
      await writeFile(join(f.dir, 'docker-flow.yml'), 'release_command: ["echo", "$NOT_EXPANDED", "argv form"]\nrelease_command_timeout: 1m\n');
      try {
        const r = await deploy([], 'v2');
        assert.equal(r.code, 0, r.stderr);
        assert.match(r.stderr, /│ \$NOT_EXPANDED argv form/);
        assert.match(r.stderr, /run the release command \["echo","\$NOT_EXPANDED","argv form"\] once on local \(docker-flow-demo:v2, timeout 60s\)/);
        assert.equal((await serviceState(f)).liveColor, 'green');
      } finally {
        await writeFile(join(f.dir, 'docker-flow.yml'), '');
      }
    });
  });

  it('--dry-run shows the release command step and runs nothing', async () => {
    const before = await dockerPs(f.project);
    const r = await deploy(['--dry-run', '--release-command=touch /tmp/should-not-run'], 'v1');
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /release command\n\s+- run the release command "touch \/tmp\/should-not-run" once on local/);
    assert.deepEqual(await dockerPs(f.project), before);
  });
});
