import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { docker, flowFixture, running, type FlowFixture } from '../flows/flow-fixture';
import { uniqueName } from '../support/unique-name';
import { waitFor } from '../support/wait-for';
import { consulTarget, forgetProject, passingInstances, projectInstanceIds, type ConsulTarget } from './consul-target';
import { step } from '../support/scenario';

describe('deploys with state and registrations in Consul', function () {
  let consul: ConsulTarget;
  let f: FlowFixture;
  let service: string;
  const deploy = (extra: readonly string[], version = 'v1') =>
    f.cli(['-c', consul.address, '--blue-green', '--target=app', '--side-target=db', '--flow=deploy', ...extra], { VERSION: version });
  const kv = async (key: string): Promise<unknown> => (await consul.get(`/kv/docker-flow/${service}/${key}?raw`)).body;
  /** Whether a container of that name, created at or after `sinceSec`, runs. */
  const startedSince = async (name: string, sinceSec: number): Promise<boolean> => {
    const list = await docker.listContainers({ filters: { name: [`^/${name}$`] } });
    return list.some((c) => c.Created >= sinceSec && c.State === 'running');
  };
  const publishedPort = async (container: string): Promise<number> => {
    const inspect = await docker.getContainer(container).inspect();
    return Number(inspect.NetworkSettings.Ports['8080/tcp']?.[0]?.HostPort);
  };

  before(async function () {
    consul = await consulTarget();
    f = await flowFixture(uniqueName('cst'));
    service = `${f.project}-app`;
    if (this.test?.parent !== undefined) this.test.parent.title += ` (${consul.label})`;
  });
  after(async () => {
    await f.cleanup();
    await rm(f.dir, { recursive: true, force: true });
    await forgetProject(consul, f.project);
    await consul.stop();
  });

  it('scenario: a deploy in Consul, the next colour with stop-old, two concurrent deploys, a check-and-set conflict on the colour key', async () => {
    await step('deploy: KV holds colour and scale under the original keys; the catalog holds each healthy instance at its address and port', async () => {
      const r = await deploy(['--scale=2']);
      assert.equal(r.code, 0, r.stderr);
      assert.equal(await kv('color'), 'blue');
      assert.equal(await kv('scale'), '2');
      const instances = await passingInstances(consul, `${f.project}-app-blue`);
      const names = [`${f.project}_app-blue_1`, `${f.project}_app-blue_2`];
      assert.deepEqual(
        instances.map(({ id, address, port, tags, checks }) => ({ id, address, port, tags, checks })),
        await Promise.all(
          names.map(async (name) => ({
            id: `local:${name}`,
            address: '127.0.0.1',
            port: await publishedPort(name),
            tags: ['color-blue', 'host-local', 'release-1'],
            checks: [`service:local:${name}=passing`],
          })),
        ),
      );
      assert.deepEqual(await projectInstanceIds(consul, f.project), names.map((name) => `local:${name}`), 'the side target db is not registered');
    });
    await step('the next colour is registered once healthy; stop-old deregisters the old colour before stopping it', async () => {
      const r = await deploy(['--flow=stop-old'], 'v2');
      assert.equal(r.code, 0, r.stderr);
      assert.equal(await kv('color'), 'green');
      assert.deepEqual(await projectInstanceIds(consul, f.project), [`local:${f.project}_app-green_1`, `local:${f.project}_app-green_2`]);
      assert.deepEqual(running(await f.containers()).filter((name) => name.includes('app-')), [`${f.project}_app-green_1`, `${f.project}_app-green_2`]);
    });
    await step('two concurrent deploys of one service: one fails with exit 3 naming the lock holder, the other succeeds', async () => {
      const [a, b] = await Promise.all([deploy([], 'v1'), deploy([], 'v1')]);
      const codes = [a.code, b.code].sort();
      assert.deepEqual(codes, [0, 3], `exit codes ${a.code} and ${b.code}\n${a.stderr}\n${b.stderr}`);
      const loser = a.code === 3 ? a : b;
      assert.match(loser.stderr, new RegExp(`deploy lock of ${service} is held by \\S+@\\S+ \\(pid \\d+\\) since \\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z \\(deploy\\)`));
      assert.match(loser.stderr, /docker-flow lock release/);
      assert.equal(await kv('color'), 'blue');
      assert.equal((await consul.get(`/kv/docker-flow/${service}/lock`)).status, 200, 'the lock key stays, its session released');
      const lock = await f.cli(['-c', consul.address, 'lock', 'status', service]);
      assert.equal(lock.code, 0, lock.stderr);
      assert.match(lock.stdout, new RegExp(`${service}: not locked`));
    });
    await step('a check-and-set conflict on the colour key is reported (exit 3) and nothing is overwritten', async () => {
      const before = (await consul.get(`/kv/docker-flow/${service}/color`)).index;
      const startedSec = Math.floor(Date.now() / 1000);
      const deploying = deploy(['--settle=6s'], 'nohealth');
      // Another writer (an operator, an old tool without the lock) changes the key while the new colour settles. It must write
      // another value: a real agent takes a PUT of the value a key already has as no change (its ModifyIndex stays).
      await waitFor(async () => (await startedSince(`${f.project}_app-green_1`, startedSec)), { timeoutMs: 90_000, what: 'the new green instance to start' });
      await consul.put(`/kv/docker-flow/${service}/color`, 'red');
      const r = await deploying;
      assert.equal(r.code, 3, r.stderr);
      assert.match(r.stderr, new RegExp(`docker-flow/${service}/color in the Consul at \\S+ changed while this command ran \\(check-and-set failed\\)`));
      assert.equal(await kv('color'), 'red', 'the value the other writer put stays');
      assert.ok((await consul.get(`/kv/docker-flow/${service}/color`)).index > before);
      assert.deepEqual((await passingInstances(consul, `${f.project}-app-green`)).map((i) => i.id), [], 'the new colour was taken out of the catalog again');
      assert.deepEqual(running(await f.containers()).filter((name) => name.includes('app-')), [`${f.project}_app-blue_1`, `${f.project}_app-blue_2`]);
    });
  });
});
