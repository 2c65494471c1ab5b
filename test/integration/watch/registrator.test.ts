import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { docker, flowFixture, type FlowFixture } from '../flows/flow-fixture';
import { uniqueName } from '../support/unique-name';
import { waitFor } from '../support/wait-for';
import { CliProcess } from './cli-process';
import { allInstances, consulTarget, forgetProject, forgetRegisteredSince, projectInstanceIds, type ConsulTarget } from './consul-target';
import { withoutConsul } from '../support/run-cli';
import { step } from '../support/scenario';

describe('docker-flow registrator keeps the catalog equal to the running containers', function () {
  let consul: ConsulTarget;
  let f: FlowFixture;
  let registrator: CliProcess | undefined;
  let registeredBefore: Awaited<ReturnType<typeof allInstances>> = [];
  const name = (n: number): string => `${f.project}_app-blue_${n}`;
  const ids = (...numbers: number[]): string[] => numbers.map((n) => `local:${name(n)}`);
  const startRegistrator = (): CliProcess => new CliProcess(['-p', f.project, '-c', consul.address, 'registrator'], { cwd: f.dir, env: { FLOW_STATE_DIR: f.stateDir } });
  /** What Docker says should be in the catalog: the project's running, healthy target containers. */
  const reality = async (): Promise<string[]> => {
    const list = await docker.listContainers({ filters: { label: [`io.docker-flow.project=${f.project}`, 'io.docker-flow.role=target'], health: ['healthy'] } });
    return list.map((c) => `local:${(c.Names[0] ?? '').replace(/^\//, '')}`).sort();
  };
  const catalogBecomes = async (expected: readonly string[], what: string): Promise<void> => {
    await waitFor(async () => JSON.stringify(await projectInstanceIds(consul, f.project)) === JSON.stringify(expected), { timeoutMs: 60_000, what });
    assert.deepEqual(await reality(), expected, 'and that is what runs healthy');
  };
  const stopRegistrator = async (): Promise<void> => {
    const code = await registrator?.stop();
    assert.equal(code, 0, `registrator exit status; output:\n${registrator?.log ?? ''}`);
    assert.match(registrator?.log ?? '', /registrator: stopped; the catalog keeps its entries/);
    registrator = undefined;
  };

  before(async () => {
    consul = await consulTarget();
    registeredBefore = await allInstances(consul);
    f = await flowFixture(uniqueName('crg'));
    const r = await f.cli(['-c', consul.address, '--blue-green', '--target=app', '--side-target=db', '--scale=4', '--flow=deploy']);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(await projectInstanceIds(consul, f.project), ids(1, 2, 3, 4));
  });
  after(async () => {
    await registrator?.stop();
    await f.cleanup();
    await rm(f.dir, { recursive: true, force: true });
    await forgetProject(consul, f.project);
    await forgetRegisteredSince(consul, registeredBefore);
    await consul.stop();
  });

  it('without --consul-address it refuses to start: exit 2, "registrator needs --consul-address"', async () => {
    const r = await f.cli(['registrator'], withoutConsul);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /registrator needs --consul-address/);
  });

  it('scenario: the resync at start, the events while it runs, the resync after a restart', async () => {
    await step('at start, it removes entries of containers that are gone or stopped (and ghosts), and keeps the serving ones', async () => {
      await docker.getContainer(name(1)).remove({ force: true });
      await docker.getContainer(name(2)).stop({ t: 1 });
      await consul.put('/catalog/register', {
        Node: 'docker-flow-local',
        Address: '127.0.0.1',
        NodeMeta: { 'external-node': 'true', 'docker-flow': '1' },
        Service: { ID: `local:${name(9)}`, Service: `${f.project}-app-blue`, Address: '127.0.0.1', Port: 1, Meta: { 'docker-flow': '1', container: name(9), host: 'local' } },
        Check: { CheckID: `service:local:${name(9)}`, Name: 'ghost', Status: 'passing', ServiceID: `local:${name(9)}` },
      });
      assert.deepEqual(await projectInstanceIds(consul, f.project), ids(1, 2, 3, 4, 9), 'stale before the registrator runs');
      registrator = startRegistrator();
      await catalogBecomes(ids(3, 4), 'the resync at start');
      assert.match(registrator.log, /registrator: watching local; full resync at start and on "\* \* \* \* \*"/);
    });
    await step('while it runs: a started container is registered once healthy, a removed or stopped one is deregistered', async () => {
      await docker.getContainer(name(2)).start();
      await catalogBecomes(ids(2, 3, 4), 'blue_2 to be registered after its start');
      await docker.getContainer(name(3)).remove({ force: true });
      await catalogBecomes(ids(2, 4), 'blue_3 to be deregistered after docker rm -f');
      await docker.getContainer(name(2)).stop({ t: 1 });
      await catalogBecomes(ids(4), 'blue_2 to be deregistered after docker stop');
    });
    await step('restarted after containers changed while it was down, it makes the catalog equal reality', async () => {
      await stopRegistrator();
      await docker.getContainer(name(2)).start();
      await docker.getContainer(name(4)).stop({ t: 1 });
      await waitFor(async () => (await reality()).join() === ids(2).join(), { timeoutMs: 60_000, what: 'blue_2 to be healthy again' });
      assert.deepEqual(await projectInstanceIds(consul, f.project), ids(4), 'nobody updated the catalog meanwhile');
      registrator = startRegistrator();
      await catalogBecomes(ids(2), 'the resync after the restart');
      await stopRegistrator();
    });
  });
});
