import assert from 'node:assert/strict';
import type Docker from 'dockerode';
import { startRequestLoop, versionOf } from '../flows/request-loop';
import { restartHosts, stopHostEngine } from '../hosts/host-engines';
import { localDocker, localSocketPath } from '../support/local-docker';
import { ensureSimulatedHosts, registryFromHosts, simulatedHostDocker, type SimulatedHost } from '../support/simulated-hosts';
import { ensureRegistry, pushToRegistry } from '../support/test-registry';
import { uniqueName } from '../support/unique-name';
import { assertRoutedColourServes, releasesOf, runningColours, serviceStatus, faultSuite } from './fault-kit';
import { removeLocalTags } from './registry-tags';
import { spawnCli } from './spawned-cli';
import { step } from '../support/scenario';

/**
 * The cluster: this machine's engine and the simulated host h4 (h1-h3 belong to the multi-host
 * tests; only h4's engine is stopped here, and started again). The local engine gets the image
 * under the name h4 pulls it by, so only h4 pulls.
 */
const hostCount = 4;

describe('faults: a host\'s engine stops during a release', function () {
  this.timeout(400_000);
  const repository = uniqueName('faults-host');
  let h4: SimulatedHost;
  let engineStopped = false;
  before(async () => {
    await ensureRegistry();
    h4 = (await ensureSimulatedHosts(hostCount))[hostCount - 1] ?? assert.fail('no simulated host h4');
    for (const [tag, source] of [['v1', 'docker-flow-demo:v1'], ['v2', 'docker-flow-demo:v2'], ['v3', 'docker-flow-demo:nohealth']] as const) {
      await pushToRegistry(source, repository, tag);
      await localDocker().getImage(source).tag({ repo: `${registryFromHosts}/${repository}`, tag });
    }
  });
  after(async () => {
    if (engineStopped) await restartHosts(hostCount, []);
  });
  const s = faultSuite({
    prefix: 'fh',
    compose: `services:\n  app:\n    image: ${registryFromHosts}/${repository}:\${VERSION}\n    ports: ["8080"]\n    stop_grace_period: 2s\n`,
    path: '/host',
    yml: () => `hosts:\n  - name: local\n    endpoint: unix://${localSocketPath}\n    address: 127.0.0.1\n  - name: h4\n    endpoint: ${h4.endpoint}\n    address: ${h4.address}\n`,
  });
  const { cli, service, url, release } = s;
  before(async () => {
    const r = await cli([...release, '--scale=2'], { VERSION: 'v1' });
    assert.equal(r.code, 0, r.stderr);
    const status = await serviceStatus(cli, service());
    assert.deepEqual(status.instances.filter((i) => i.state === 'running').map((i) => i.host).sort(), ['h4', 'local'], 'one blue instance on each host');
  });
  after(async () => {
    await removeProject(simulatedHostDocker(h4), s.f.project);
    for (const docker of [localDocker(), simulatedHostDocker(h4)]) await removeTags(docker, `${registryFromHosts}/${repository}`);
    await removeLocalTags(repository);
  });

  it(`scenario: h4's engine stops during the health wait (nothing switched), and once it is back the next release completes on both hosts`, async function () {
    this.timeout(600_000);
    await step('h4\'s engine stops during the health wait: a non-zero exit naming h4, nothing switched, the instance on local serves', async () => {
      const loop = startRequestLoop(url(), { maxRequests: 20_000, classify: versionOf });
      // v3 has no health check: counted healthy after --settle, which leaves time to stop h4's engine meanwhile
      const run = spawnCli(['-p', s.f.project, ...release, ...s.proxyArgs, '--settle=20', '--log-level=debug'], { cwd: s.f.dir, env: { FLOW_STATE_DIR: s.f.stateDir, VERSION: 'v3' } });
      await run.waitForLine(/… wait until \S+_app-green_\d on h4 is healthy/, 240_000);
      engineStopped = true;
      await stopHostEngine(h4);
      const r = await run.exited;
      const seen = await loop.stop();

      assert.notEqual(r.code, 0, r.stderr);
      assert.ok(r.code === 1 || r.code === 4, `exit 1 (the instance on h4 died) or 4 (h4 unreachable), got ${r.code}`);
      assert.match(r.stderr, /error: deploy \S+: blue → green[^\n]* failed: [^\n]*on h4[^\n]*blue is still the live colour/);
      assert.match(r.stderr, /next: /);
      assert.deepEqual(seen.failed, [], 'the blue instance on local answered every request');
      assert.deepEqual([...seen.bodies.keys()], ['v1']);

      const status = await serviceStatus(cli, service());
      assert.deepEqual([status.liveColor, status.routedColor], ['blue', 'blue'], 'nothing was switched');
      assert.deepEqual(status.instances.filter((i) => i.host === 'local' && i.color === 'green'), [], 'the new colour was removed from local');
      assert.deepEqual((await assertRoutedColourServes(cli, service(), url())).version, 'v1');
      assert.equal((await releasesOf(cli))[0]?.result, 'failed');
    });

    await step('once h4\'s engine is back, the next release completes on both hosts and replaces what was left on h4', async () => {
      await restartHosts(hostCount, []);
      engineStopped = false;
      const r = await cli(release, { VERSION: 'v2' });
      assert.equal(r.code, 0, r.stderr);
      const status = await serviceStatus(cli, service());
      assert.deepEqual(runningColours(status), ['green']);
      assert.deepEqual(status.instances.filter((i) => i.state === 'running').map((i) => i.host).sort(), ['h4', 'local']);
      const served = await assertRoutedColourServes(cli, service(), url());
      assert.deepEqual([served.color, served.version], ['green', 'v2']);
    });
  });
});

async function removeProject(docker: Docker, project: string): Promise<void> {
  const list = await docker.listContainers({ all: true, filters: { label: [`com.docker.compose.project=${project}`] } }).catch(() => []);
  await Promise.all(list.map((c) => docker.getContainer(c.Id).remove({ force: true }).catch(() => undefined)));
  const nets = await docker.listNetworks({ filters: { label: [`io.docker-flow.project=${project}`] } }).catch(() => []);
  await Promise.all(nets.map((n) => docker.getNetwork(n.Id).remove().catch(() => undefined)));
}

async function removeTags(docker: Docker, name: string): Promise<void> {
  const images = await docker.listImages({ filters: { reference: [`${name}:*`] } }).catch(() => []);
  for (const image of images) for (const tag of image.RepoTags ?? []) if (tag.startsWith(`${name}:`)) await docker.getImage(tag).remove().catch(() => undefined);
}
