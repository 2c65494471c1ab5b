import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { startRequestLoop, versionOf } from '../flows/request-loop';
import { httpGet } from '../support/http-get';
import { httpsGet, makeSiteCertificate } from '../support/tls-site';
import { ensureSimulatedHosts, registryFromHosts, simulatedHostDocker, type SimulatedHost } from '../support/simulated-hosts';
import { ensureRegistry, pushToRegistry } from '../support/test-registry';
import { uniqueName } from '../support/unique-name';
import { pushDemoTags, removeRepository } from './host-engines';
import { appCompose, hostsAnswering, hostsProject, proxyPortsInRange, type HostsProject } from './hosts-kit';
import { step } from '../support/scenario';

describe('the proxy as a container on a host of the cluster (--proxy-docker-host=h3, over TLS, image from the registry, HTTPS)', function () {
  this.timeout(300_000);
  const repository = uniqueName('proxyhost-app');
  const proxyRepository = uniqueName('proxyhost-haproxy');
  let hosts: readonly SimulatedHost[];
  let ports: readonly [number, number];
  let app: HostsProject;
  let h3: SimulatedHost;
  const httpsPort = 18443;
  let cert: { readonly pem: string; readonly crt: string };
  const url = (): string => `http://${h3.address}:${ports[0]}/hosts/`;
  const release = (args: readonly string[], version = 'v1') =>
    app.cli(['--blue-green', '--target=app', '--service-path=/hosts', '--proxy-docker-host=h3', `--proxy-image=${registryFromHosts}/${proxyRepository}:2.6`, '--proxy-cert', cert.pem, '--proxy-https-port', String(httpsPort), ...args], { VERSION: version });
  const proxyContainer = async (): Promise<{ readonly id: string; readonly state: string; readonly image: string } | undefined> => {
    const [found] = await simulatedHostDocker(h3).listContainers({ all: true, filters: { name: ['^/docker-flow-proxy$'] } });
    return found === undefined ? undefined : { id: found.Id, state: found.State, image: found.Image };
  };

  before(async () => {
    await ensureRegistry();
    hosts = await ensureSimulatedHosts(3, { tlsHosts: ['h3'] });
    h3 = hosts[2] as SimulatedHost;
    await pushDemoTags(repository, { v1: 'docker-flow-demo:v1', v2: 'docker-flow-demo:v2' });
    await pushToRegistry('docker-flow-haproxy:2.6', proxyRepository, '2.6');
    ports = await proxyPortsInRange();
    app = await hostsProject(uniqueName('ph'), hosts, appCompose(repository, '    deploy:\n      placement:\n        constraints: ["node.hostname != h3"]\n'), ports);
    cert = await makeSiteCertificate(app.dir, 'proxy', h3.address);
  });
  after(async () => {
    const proxy = await proxyContainer();
    if (proxy !== undefined) await simulatedHostDocker(h3).getContainer(proxy.id).remove({ force: true });
    await app.cleanup();
    await removeRepository(hosts, repository);
    await removeRepository(hosts, proxyRepository);
  });

  it('scenario: the proxy container provisioned on h3 (HTTP and HTTPS), started again after a manual stop, then a release through it', async () => {
    await step('provisions the proxy container on h3 from the image named, and routes to the instances on h1 and h2 over HTTP and HTTPS', async () => {
      assert.equal(await proxyContainer(), undefined);
      const r = await release(['--scale=2', '--flow=deploy', '--flow=proxy']);
      assert.equal(r.code, 0, r.stderr);
      const proxy = await proxyContainer();
      assert.equal(proxy?.state, 'running');
      assert.equal(proxy?.image, `${registryFromHosts}/${proxyRepository}:2.6`);
      const seen = await hostsAnswering(url(), await app.byHost(), 20);
      assert.deepEqual([...seen.hosts.keys()].sort(), ['h1', 'h2']);
      assert.deepEqual([...seen.versions], ['v1']);
      const ca = await readFile(cert.crt, 'utf8');
      const secure = await httpsGet(`https://${h3.address}:${httpsPort}/hosts/`, ca);
      assert.equal(versionOf(secure.body), 'v1');
      assert.equal(secure.fingerprint, new X509Certificate(ca).fingerprint256);
    });

    await step('a proxy container stopped by hand is started again by the next proxy run, with its configuration', async () => {
      const before = await proxyContainer();
      await simulatedHostDocker(h3).getContainer(before?.id ?? '').stop({ t: 2 });
      assert.notEqual((await httpGet(url()).catch(() => ({ status: 0 }))).status, 200, 'the proxy is down');
      const r = await release(['--flow=proxy']);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stderr, /proxy container started again/);
      assert.equal((await proxyContainer())?.id, before?.id, 'the same container, started again');
      assert.equal(versionOf((await httpGet(url())).body), 'v1');
    });

    await step('a release through the container proxy switches to v2 with no failed request and stops the old colour', async () => {
      const loop = startRequestLoop(url(), { maxRequests: 5000, classify: versionOf });
      const r = await release(['--flow=deploy', '--flow=proxy', '--flow=stop-old'], 'v2');
      const seen = await loop.stop();
      assert.equal(r.code, 0, r.stderr);
      assert.deepEqual(seen.failed, []);
      assert.equal(versionOf((await httpGet(url())).body), 'v2');
    });
  });
});
