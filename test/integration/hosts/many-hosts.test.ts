import assert from 'node:assert/strict';
import { startRequestLoop, versionOf } from '../flows/request-loop';
import { ensureSimulatedHosts, registryFromHosts, simulatedHostDocker, type SimulatedHost } from '../support/simulated-hosts';
import { ensureRegistry } from '../support/test-registry';
import { uniqueName } from '../support/unique-name';
import { hostHasImage, pushDemoTags, removeRepository, retagOnHost } from './host-engines';
import { appCompose, hostsAnswering, hostsProject, jsonLines, proxyPortsInRange, runningPerHost, type HostsProject } from './hosts-kit';
import { step } from '../support/scenario';

const tlsHosts = ['h3'];

describe('many hosts: one release over 3 Docker engines (h3 over tcp+TLS) behind the local HAProxy', function () {
  this.timeout(300_000);
  const repository = uniqueName('hosts-app');
  let hosts: readonly SimulatedHost[];
  let ports: readonly [number, number];
  let app: HostsProject;
  const extra: HostsProject[] = [];
  const url = (): string => `http://127.0.0.1:${ports[0]}/hosts/`;
  const release = (args: readonly string[], version = 'v1') =>
    app.cli(['--blue-green', '--target=app', '--service-path=/hosts', ...args], { VERSION: version });
  const host = (name: string): SimulatedHost => {
    const found = hosts.find((h) => h.name === name);
    if (found === undefined) throw new Error(`no simulated host ${name}`);
    return found;
  };

  before(async () => {
    await ensureRegistry();
    hosts = await ensureSimulatedHosts(3, { tlsHosts });
    await pushDemoTags(repository, { v1: 'docker-flow-demo:v1', v2: 'docker-flow-demo:v2', unhealthy: 'docker-flow-demo:unhealthy' });
    ports = await proxyPortsInRange();
    app = await hostsProject(uniqueName('mh'), hosts, appCompose(repository), ports);
  });
  after(async () => {
    await app.cli(['proxy', 'stop']);
    await Promise.allSettled([app, ...extra].map((p) => p.cleanup()));
    await removeRepository(hosts, repository);
  });

  it('scenario: a dry run, then 6 instances over 3 hosts behind the proxy, status by host, scaling, a release failing on h2 only undone everywhere, then a fleet-wide switch', async function () {
    this.timeout(600_000);
    await step('--dry-run shows where each of 6 instances goes (2 per host) and what is pulled where, and changes nothing', async () => {
      const r = await release(['--scale=6', '--flow=deploy', '--flow=proxy', '--dry-run']);
      assert.equal(r.code, 0, r.stderr);
      const placed = [...r.stdout.matchAll(/- start (\S+)_app-blue_\d on (h\d) \(/g)].map((m) => m[2]);
      assert.deepEqual(count(placed), { h1: 2, h2: 2, h3: 2 }, r.stdout);
      for (const h of ['h1', 'h2', 'h3']) assert.ok(r.stdout.includes(`- pull ${registryFromHosts}/${repository}:v1 on ${h}`), r.stdout);
      assert.match(r.stdout, /dry run: nothing was changed/);
      for (const list of (await app.byHost()).values()) assert.deepEqual(list, []);
    });

    await step('deploy pulls the image from the registry on all hosts at once and starts 2 instances per host', async () => {
      for (const h of hosts) assert.equal(await hostHasImage(h, repository, 'v1'), false, `${h.name} has no copy before the deploy`);
      const r = await release(['--scale=6', '--flow=deploy', '--flow=proxy', '--log-format=json', '--log-level=debug']);
      assert.equal(r.code, 0, r.stderr.split('\n').filter((l) => !l.includes('"level":"debug"')).join('\n'));
      const steps = jsonLines(r.stderr).filter((e) => typeof e['step'] === 'string' && String(e['step']).startsWith('pull '));
      const firstDone = steps.findIndex((e) => e['type'] === 'step-done');
      const started = steps.filter((e) => e['type'] === 'step-start').map((e) => String(e['step']));
      assert.deepEqual(started.map((s) => s.split(' on ')[1]).sort(), ['h1', 'h2', 'h3']);
      assert.equal(steps.slice(0, firstDone).filter((e) => e['type'] === 'step-start').length, 3, 'all three pulls started before the first ended');
      for (const h of hosts) assert.equal(await hostHasImage(h, repository, 'v1'), true, `docker-flow pulled the image on ${h.name}`);
      assert.deepEqual(runningPerHost(await app.byHost(), 'blue'), { h1: 2, h2: 2, h3: 2 });
    });

    await step('the proxy routes to each instance at its host address: requests reach all 6 instances on the 3 hosts', async () => {
      const seen = await hostsAnswering(url(), await app.byHost(), 30);
      assert.deepEqual([...seen.hosts.keys()].sort(), ['h1', 'h2', 'h3']);
      assert.equal(seen.instances.size, 6);
      assert.deepEqual([...seen.versions], ['v1']);
      const r = await app.cli(['proxy', 'status']);
      assert.equal(r.code, 0, r.stderr);
      for (const h of hosts) assert.equal(r.stdout.split(`${h.address}:`).length - 1, 2, `two servers at ${h.address} in:\n${r.stdout}`);
    });

    await step('status groups the instances by host; h3 is reached over tcp with the harness TLS certificates', async () => {
      const r = await app.cli(['status']);
      assert.equal(r.code, 0, r.stderr);
      for (const h of hosts) {
        const block = r.stdout.split(`  host ${h.name}\n`)[1]?.split(/\n {2}host /)[0] ?? '';
        const rows = block.split('\n').filter((line) => /^ {4}\S/.test(line));
        assert.equal(rows.length, 2, `two instances under host ${h.name}:\n${r.stdout}`);
        for (const row of rows) assert.match(row, new RegExp(`app-blue_\\d\\s+blue\\s+running\\s+healthy\\s+\\S+:v1\\s+${h.address.replace(/\./g, '\\.')}:\\d+->8080/tcp\\s+routed`));
      }
      const json = await app.cli(['status', '--json']);
      const status = JSON.parse(json.stdout) as { hosts: { name: string; endpoint: string; reachable: boolean }[] };
      assert.deepEqual(status.hosts.find((h) => h.name === 'h3'), { name: 'h3', endpoint: 'tcp://10.77.0.13:2376', reachable: true });
    });

    await step('--scale=+3 then --scale=-2 keep the spread balanced, and the proxy follows', async () => {
      let r = await release(['--scale=+3', '--flow=scale', '--flow=proxy']);
      assert.equal(r.code, 0, r.stderr);
      assert.deepEqual(runningPerHost(await app.byHost(), 'blue'), { h1: 3, h2: 3, h3: 3 });
      r = await release(['--scale=-2', '--flow=scale', '--flow=proxy']);
      assert.equal(r.code, 0, r.stderr);
      const counts = Object.values(runningPerHost(await app.byHost(), 'blue'));
      assert.equal(counts.reduce((a, b) => a + b, 0), 7);
      assert.deepEqual(counts.sort(), [2, 2, 3], 'the two removed instances came from two different hosts');
      const seen = await hostsAnswering(url(), await app.byHost(), 40);
      assert.equal(seen.instances.size, 7);
    });

    await step('a release whose image fails health on h2 only: exit 1 naming h2, nothing switched anywhere, blue keeps serving on every host', async () => {
      await retagOnHost(host('h2'), repository, 'unhealthy', 'v2');
      const before = runningPerHost(await app.byHost(), 'blue');
      const loop = startRequestLoop(url(), { maxRequests: 20_000, classify: versionOf });
      const r = await release(['--flow=deploy', '--flow=proxy', '--flow=stop-old', '--health-timeout=30'], 'v2');
      const seen = await loop.stop();
      assert.equal(r.code, 1, r.stderr);
      assert.match(r.stderr, /app-green_\d+ on h2 failed: unhealthy/);
      assert.doesNotMatch(r.stderr, /on h[13] failed/);
      assert.match(r.stderr, /blue is still the live colour/);
      const now = await app.byHost();
      for (const [name, list] of now) assert.deepEqual(list.filter((c) => c.color === 'green'), [], `no green container left on ${name}`);
      assert.deepEqual(runningPerHost(now, 'blue'), before);
      assert.deepEqual(seen.failed, [], 'no request failed while the release was tried and undone');
      assert.deepEqual([...seen.bodies.keys()], ['v1']);
      const after = await hostsAnswering(url(), now, 30);
      assert.deepEqual([...after.hosts.keys()].sort(), ['h1', 'h2', 'h3']);
      assert.deepEqual([...after.versions], ['v1']);
    });

    await step('the same release with a good image everywhere switches fleet-wide: v2 on all 3 hosts, blue stopped on each', async () => {
      await simulatedHostDocker(host('h2')).getImage(`${registryFromHosts}/${repository}:v2`).remove();
      const r = await release(['--flow=deploy', '--flow=proxy', '--flow=stop-old'], 'v2');
      assert.equal(r.code, 0, r.stderr);
      assert.ok(r.stderr.includes(`pull ${registryFromHosts}/${repository}:v2 on h2`), 'h2 pulls the real v2 from the registry');
      const now = await app.byHost();
      assert.deepEqual(Object.values(runningPerHost(now, 'green')).sort(), [2, 2, 3]);
      for (const [name, list] of now) assert.ok(list.filter((c) => c.color === 'blue').every((c) => c.state === 'exited'), `blue stopped on ${name}`);
      const seen = await hostsAnswering(url(), now, 30);
      assert.deepEqual([...seen.hosts.keys()].sort(), ['h1', 'h2', 'h3']);
      assert.deepEqual([...seen.versions], ['v2']);
    });
  });

  it('a constraint node.labels.zone == a places only on the hosts labelled a (h1, h3)', async () => {
    const zoned = await hostsProject(uniqueName('mz'), hosts, appCompose(repository, placement('node.labels.zone == a')), ports);
    extra.push(zoned);
    const r = await zoned.cli(['--blue-green', '--target=app', '--scale=4', '--flow=deploy']);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(runningPerHost(await zoned.byHost(), 'blue'), { h1: 2, h2: 0, h3: 2 });
  });
});

function placement(constraint: string): string {
  return `    deploy:\n      placement:\n        constraints: ["${constraint}"]\n`;
}

function count(names: readonly (string | undefined)[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const name of names) if (name !== undefined) counts[name] = (counts[name] ?? 0) + 1;
  return counts;
}
