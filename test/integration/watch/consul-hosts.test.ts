import assert from 'node:assert/strict';
import { pushDemoTags, removeRepository } from '../hosts/host-engines';
import { appCompose, hostsProject, type HostsProject } from '../hosts/hosts-kit';
import { ensureSimulatedHosts, simulatedHostDocker, type SimulatedHost } from '../support/simulated-hosts';
import { ensureRegistry } from '../support/test-registry';
import { uniqueName } from '../support/unique-name';
import { waitFor } from '../support/wait-for';
import { CliProcess } from './cli-process';
import { allInstances, consulTarget, forgetProject, forgetRegisteredSince, passingInstances, projectInstanceIds, type ConsulTarget } from './consul-target';
import { step } from '../support/scenario';

describe('Consul registrations across several Docker hosts (simulated hosts h1, h2)', function () {
  this.timeout(300_000);
  const repository = uniqueName('consul-hosts');
  let consul: ConsulTarget;
  let hosts: readonly SimulatedHost[];
  let app: HostsProject;
  let registrator: CliProcess | undefined;
  let registeredBefore: Awaited<ReturnType<typeof allInstances>> = [];
  const host = (name: string): SimulatedHost => {
    const found = hosts.find((h) => h.name === name);
    if (found === undefined) throw new Error(`no simulated host ${name}`);
    return found;
  };
  /** The project's running, healthy instances as `<host>:<container>`, asked of each engine. */
  const reality = async (): Promise<string[]> => {
    const ids: string[] = [];
    for (const h of hosts) {
      const list = await simulatedHostDocker(h).listContainers({ filters: { label: [`io.docker-flow.project=${app.project}`], health: ['healthy'] } });
      ids.push(...list.map((c) => `${h.name}:${(c.Names[0] ?? '').replace(/^\//, '')}`));
    }
    return ids.sort();
  };

  before(async () => {
    consul = await consulTarget();
    registeredBefore = await allInstances(consul);
    await ensureRegistry();
    hosts = await ensureSimulatedHosts(2);
    await pushDemoTags(repository, { v1: 'docker-flow-demo:v1' });
    app = await hostsProject(uniqueName('chs'), hosts, appCompose(repository), [18330, 18331]);
  });
  after(async () => {
    await registrator?.stop();
    await app.cleanup();
    await removeRepository(hosts, repository);
    await forgetProject(consul, app.project);
    await forgetRegisteredSince(consul, registeredBefore);
    await consul.stop();
  });

  it('scenario: a deploy over two hosts registers each instance on its host node, then the registrator follows the events of every host', async () => {
    await step('a deploy over two hosts registers each instance on its host node, at the address and port it is reached at', async () => {
      const r = await app.cli(['-c', consul.address, '--blue-green', '--target=app', '--scale=4', '--flow=deploy']);
      assert.equal(r.code, 0, r.stderr);
      const instances = await passingInstances(consul, `${app.project}-app-blue`);
      assert.deepEqual(instances.map((i) => i.id), await reality());
      assert.equal(instances.length, 4);
      for (const instance of instances) {
        const hostName = instance.id.split(':')[0] ?? '';
        assert.equal(instance.node, `docker-flow-${hostName}`);
        assert.equal(instance.address, host(hostName).address);
        const container = await simulatedHostDocker(host(hostName)).getContainer(instance.id.split(':')[1] ?? '').inspect();
        assert.equal(instance.port, Number(container.NetworkSettings.Ports['8080/tcp']?.[0]?.HostPort));
        assert.ok(instance.tags.includes(`host-${hostName}`), instance.tags.join(','));
      }
    });
    await step('the registrator follows the events of every host: instances removed or stopped on h2 and h1 leave the catalog, a restarted one returns', async () => {
      registrator = new CliProcess(['-p', app.project, '-c', consul.address, 'registrator'], { cwd: app.dir });
      await registrator.waitForOutput(/registrator: watching h1, h2; full resync at start/, 30_000);
      const [onH1, onH2] = [(await reality()).filter((id) => id.startsWith('h1:')), (await reality()).filter((id) => id.startsWith('h2:'))];
      const h2Victim = onH2[0]?.split(':')[1] ?? '';
      const h1Victim = onH1[0]?.split(':')[1] ?? '';
      await simulatedHostDocker(host('h2')).getContainer(h2Victim).remove({ force: true });
      await simulatedHostDocker(host('h1')).getContainer(h1Victim).stop({ t: 1 });
      const same = async (): Promise<boolean> => JSON.stringify(await projectInstanceIds(consul, app.project)) === JSON.stringify(await reality());
      await waitFor(same, { timeoutMs: 60_000, what: 'the catalog to drop the removed and the stopped instance' });
      assert.equal((await projectInstanceIds(consul, app.project)).length, 2);
      await simulatedHostDocker(host('h1')).getContainer(h1Victim).start();
      await waitFor(async () => (await projectInstanceIds(consul, app.project)).includes(`h1:${h1Victim}`), { timeoutMs: 60_000, what: `${h1Victim} to be registered again once healthy` });
      assert.ok(await same());
      assert.equal(await registrator.stop(), 0, registrator.log);
      registrator = undefined;
    });
  });
});
