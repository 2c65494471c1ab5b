import assert from 'node:assert/strict';
import { ensureSimulatedHosts, type SimulatedHost } from '../support/simulated-hosts';
import { tempDir } from '../support/temp-dir';
import { ensureRegistry } from '../support/test-registry';
import { uniqueName } from '../support/unique-name';
import { makeUntrustedCertPath, pushDemoTags, removeRepository, restartHosts, stopHostEngine } from './host-engines';
import { appCompose, hostsAnswering, hostsProject, proxyPortsInRange, runningPerHost, type HostsProject } from './hosts-kit';
import { step } from '../support/scenario';

const tlsHosts = ['h3'];

describe('many hosts: failures a user can act on (a stopped engine, TLS)', function () {
  this.timeout(300_000);
  const repository = uniqueName('hosts-fail');
  let hosts: readonly SimulatedHost[];
  let ports: readonly [number, number];
  let app: HostsProject;
  let engineStopped = false;
  const projects: HostsProject[] = [];
  const project = async (prefix: string, compose: string): Promise<HostsProject> => {
    const made = await hostsProject(uniqueName(prefix), hosts, compose, ports);
    projects.push(made);
    return made;
  };
  const host = (name: string): SimulatedHost => {
    const found = hosts.find((h) => h.name === name);
    if (found === undefined) throw new Error(`no simulated host ${name}`);
    return found;
  };
  const release = (args: readonly string[]) => app.cli(['--blue-green', '--target=app', '--service-path=/fail', ...args]);

  before(async () => {
    await ensureRegistry();
    hosts = await ensureSimulatedHosts(3, { tlsHosts });
    await pushDemoTags(repository, { v1: 'docker-flow-demo:v1' });
    ports = await proxyPortsInRange();
    app = await project('mf', appCompose(repository));
  });
  after(async () => {
    if (engineStopped) await restartHosts(3, tlsHosts);
    await app.cli(['proxy', 'stop']);
    await Promise.allSettled(projects.map((p) => p.cleanup()));
    await removeRepository(hosts, repository);
  });

  it(`scenario: h2's engine stops — the release goes to h1 and h3, a release only h2 could take starts nothing — and once h2 is back the next release spreads over all three`, async function () {
    this.timeout(400_000);
    await step('with h2\'s engine stopped, the release goes to h1 and h3, the output says so once, and the proxy routes there', async () => {
      let r = await release(['--scale=3', '--flow=deploy', '--flow=proxy']);
      assert.equal(r.code, 0, r.stderr);
      assert.deepEqual(runningPerHost(await app.byHost(), 'blue'), { h1: 1, h2: 1, h3: 1 });
      engineStopped = true;
      await stopHostEngine(host('h2'));
      r = await release(['--flow=deploy', '--flow=proxy', '--flow=stop-old']);
      assert.equal(r.code, 0, r.stderr);
      const notes = r.stderr.match(/! host h2 did not answer \(engine on h2 \(unix:\/\/\S+\) could not be reached [^\n]*\); this run uses only h1, h3/g) ?? [];
      assert.equal(notes.length, 1, r.stderr);
      const left = await app.byHost(['h1', 'h3']);
      assert.deepEqual(Object.values(runningPerHost(left, 'green')).sort(), [1, 2]);
      const seen = await hostsAnswering(`http://127.0.0.1:${ports[0]}/fail/`, left, 20);
      assert.deepEqual([...seen.hosts.keys()].sort(), ['h1', 'h3']);
      const status = await app.cli(['status']);
      assert.equal(status.code, 0, status.stderr);
      assert.match(status.stdout, /! host h2 \(unix:\/\/\S+h2\/docker.sock\) did not answer: .*ENOENT/);
    });

    await step('a release only the stopped host could take starts nothing and names that host (exit 4)', async () => {
      const pinned = await project('mp', appCompose(repository, '    deploy:\n      placement:\n        constraints: ["node.hostname == h2"]\n'));
      const r = await pinned.cli(['--blue-green', '--target=app', '--flow=deploy']);
      assert.equal(r.code, 4, r.stderr);
      assert.match(r.stderr, /cannot place 1 instance on the hosts that answered \(h1, h3\): .*no host satisfies the placement constraints \(node\.hostname == h2\).*did not answer: h2 \(.*\); nothing was started/);
      assert.match(r.stderr, /next: bring the engine on h2 back/);
      for (const list of (await pinned.byHost(['h1', 'h3'])).values()) assert.deepEqual(list, []);
    });

    await step('once h2 is back, the next release spreads over all three hosts again', async () => {
      await restartHosts(3, tlsHosts);
      engineStopped = false;
      const r = await release(['--flow=deploy', '--flow=proxy', '--flow=stop-old']);
      assert.equal(r.code, 0, r.stderr);
      assert.doesNotMatch(r.stderr, /did not answer/);
      assert.deepEqual(runningPerHost(await app.byHost(), 'blue'), { h1: 1, h2: 1, h3: 1 });
    });
  });

  it('a cert path with the wrong CA is refused with an error naming the host and the CA file; nothing is created', async () => {
    const wrong = await makeUntrustedCertPath(await tempDir('wrong-ca'));
    const tls = await project('mt', appCompose(repository));
    const r = await tls.cli(['-H', 'tcp://10.77.0.13:2376', '--cert-path', wrong, '--blue-green', '--target=app', '--flow=deploy']);
    assert.equal(r.code, 4, r.stderr);
    assert.ok(r.stderr.includes(`error: engine on 10.77.0.13 (tcp://10.77.0.13:2376) refused the TLS connection for list containers: the server certificate was not signed by the CA in ${wrong}/ca.pem`), r.stderr);
    assert.match(r.stderr, /next: is the cert path right\? 10\.77\.0\.13 needs the ca\.pem that signed its dockerd certificate/);
    assert.deepEqual([...(await tls.byHost(['h3'])).values()].flat(), []);
  });

  it('DOCKER_HOST=tcp://10.77.0.13 without a port, with DOCKER_CERT_PATH, deploys to h3 over TLS on 2376', async () => {
    const single = await project('ms', appCompose(repository));
    const env = { DOCKER_HOST: 'tcp://10.77.0.13', DOCKER_CERT_PATH: host('h3').certPath ?? '' };
    const r = await single.cli(['--blue-green', '--target=app', '--flow=deploy'], env);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(runningPerHost(await single.byHost(['h3']), 'blue'), { h3: 1 });
    const status = await single.cli(['status', '--json'], env);
    assert.equal(status.code, 0, status.stderr);
    const parsed = JSON.parse(status.stdout) as { hosts: unknown };
    assert.deepEqual(parsed.hosts, [{ name: '10.77.0.13', endpoint: 'tcp://10.77.0.13:2376', reachable: true }]);
  });
});
