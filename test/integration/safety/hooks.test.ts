import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { flowFixture, running, type FlowFixture } from '../flows/flow-fixture';
import { uniqueName } from '../support/unique-name';
import { dockerPs, serviceState } from './safety-kit';
import { step } from '../support/scenario';

/** The DOCKER_FLOW_* variables a hook wrote with `env | grep ^DOCKER_FLOW_ > file`. */
async function hookEnv(dir: string, file: string): Promise<Record<string, string>> {
  const text = await readFile(join(dir, file), 'utf8');
  return Object.fromEntries(text.trim().split('\n').map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]));
}

describe('deploy hooks on a real engine', function () {
  let f: FlowFixture;
  before(async () => {
    f = await flowFixture(uniqueName('sf-hook'));
  });
  after(async () => f.cleanup());

  const hooks = (yml: string) => writeFile(join(f.dir, 'docker-flow.yml'), `hooks:\n${yml}\n`);
  const deploy = (args: readonly string[] = [], version = 'v1') => f.cli(['--blue-green', '--target=app', '--flow=deploy', ...args], { VERSION: version, FLOW_KEEP_IMAGES: '0' });

  it('scenario: hooks around release 1, a failing before_deploy, a failing after_deploy (release 2 stays), on_failure after a failed release 3', async () => {
    await step('before_deploy and after_deploy run in the project folder with the DOCKER_FLOW_* variables', async () => {
      await hooks('  before_deploy: env | grep ^DOCKER_FLOW_ | sort > before.env\n  after_deploy: ["env | grep ^DOCKER_FLOW_ | sort > after.env", "echo smoke test passed"]');
      const r = await deploy();
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stderr, /│ smoke test passed/);
      const common = {
        DOCKER_FLOW_SERVICE: `${f.project}-app`, DOCKER_FLOW_PROJECT: f.project, DOCKER_FLOW_TARGET: 'app', DOCKER_FLOW_COLOR: 'blue', DOCKER_FLOW_PREVIOUS_COLOR: '',
        DOCKER_FLOW_RELEASE: '1', DOCKER_FLOW_HOSTS: 'local', DOCKER_FLOW_IMAGE: 'docker-flow-demo:v1', DOCKER_FLOW_ERROR: '',
      };
      assert.deepEqual(await hookEnv(f.dir, 'before.env'), { ...common, DOCKER_FLOW_RESULT: 'pending' });
      assert.deepEqual(await hookEnv(f.dir, 'after.env'), { ...common, DOCKER_FLOW_RESULT: 'succeeded' });
      assert.ok(r.stderr.indexOf('before_deploy hook') < r.stderr.indexOf(`start ${f.project}_app-blue_1`));
      assert.ok(r.stderr.indexOf('after_deploy hook') > r.stderr.indexOf('record '));
    });

    await step('a failing before_deploy aborts with exit 1; docker ps and the state are unchanged', async () => {
      await hooks('  before_deploy: echo "checking release $DOCKER_FLOW_RELEASE"; exit 4');
      const ps = await dockerPs(f.project);
      const state = await serviceState(f);
      const r = await deploy([], 'v2');
      assert.equal(r.code, 1, r.stderr);
      assert.match(r.stderr, /error: before_deploy hook "echo \\"checking release \$DOCKER_FLOW_RELEASE\\"; exit 4" exited with code 4 \(in .*\); last output: "checking release 2"; the deploy of release 2 did not start, nothing was changed/);
      assert.deepEqual(await dockerPs(f.project), ps);
      assert.deepEqual(await serviceState(f), state, 'colour, scale and release history are unchanged');
    });

    await step('a failing after_deploy exits 1 and keeps the healthy release live', async () => {
      await hooks('  after_deploy: echo "smoke test failed on $DOCKER_FLOW_COLOR"; exit 2');
      const r = await deploy([], 'v2');
      assert.equal(r.code, 1, r.stderr);
      assert.match(r.stderr, /error: after_deploy hook .* exited with code 2 .*last output: "smoke test failed on green"; release 2 \(green\) is deployed and stays/);
      const state = await serviceState(f);
      assert.equal(state.liveColor, 'green');
      assert.deepEqual(state.lastRelease, { number: 2, result: 'succeeded' });
      const all = await f.containers();
      assert.ok(running(all).includes(`${f.project}_app-green_1`));
      assert.equal(all.find((c) => c.name.endsWith('app-green_1'))?.image, 'docker-flow-demo:v2');
    });

    await step('on_failure runs after a failed deploy with the error; its own failure is only logged', async () => {
      await hooks('  on_failure: ["env | grep ^DOCKER_FLOW_ | sort > failure.env", "echo cannot page anyone; exit 9"]');
      const r = await deploy(['--release-command=exit 5'], 'v1');
      assert.equal(r.code, 1, r.stderr);
      assert.match(r.stderr, /error: deploy .* failed: release command "exit 5" .* exited with code 5/);
      assert.match(r.stderr, /on_failure hook failed: on_failure hook "echo cannot page anyone; exit 9" exited with code 9/);
      const env = await hookEnv(f.dir, 'failure.env');
      assert.equal(env['DOCKER_FLOW_RESULT'], 'failed');
      assert.equal(env['DOCKER_FLOW_RELEASE'], '3');
      assert.equal(env['DOCKER_FLOW_COLOR'], 'blue');
      assert.equal(env['DOCKER_FLOW_PREVIOUS_COLOR'], 'green');
      assert.match(env['DOCKER_FLOW_ERROR'] ?? '', /exited with code 5/);
      assert.equal((await serviceState(f)).liveColor, 'green');
    });
  });

  it('a hook that runs past hooks.timeout is stopped and fails the deploy before anything changes', async () => {
    await hooks('  before_deploy: sleep 60\n  timeout: 2s');
    const ps = await dockerPs(f.project);
    const started = Date.now();
    const r = await deploy([], 'v1');
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stderr, /before_deploy hook "sleep 60" did not finish within 2s and was stopped/);
    assert.ok(Date.now() - started < 45_000, 'the hook did not run its full minute');
    assert.deepEqual(await dockerPs(f.project), ps);
  });

  it('hooks do not run with --dry-run', async () => {
    await hooks('  before_deploy: touch ran-before\n  after_deploy: touch ran-after');
    const r = await deploy(['--dry-run'], 'v1');
    assert.equal(r.code, 0, r.stderr);
    assert.ok(!existsSync(join(f.dir, 'ran-before')) && !existsSync(join(f.dir, 'ran-after')));
  });
});
