import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { proxiedProject, type ProxiedProject } from '../faults/fault-kit';
import { httpGet } from '../support/http-get';
import { waitFor } from '../support/wait-for';
import { CliProcess } from './cli-process';
import { consulTarget, forgetProject, passingInstances, type ConsulTarget } from './consul-target';

const appCompose = 'services:\n  app:\n    image: docker-flow-demo:v1\n    ports: ["8080"]\n    stop_grace_period: 2s\n';

/**
 * --catalog-source=any: the proxy also routes to instances of the service's catalog name that
 * others registered, as gliderlabs/registrator does (through the agent API, by SERVICE_NAME, with
 * IDs `<hostname>:<container>:<port>`), one server per address and port. Runs on the double, or on
 * the real agent of CONSUL_HTTP_ADDR.
 */
describe('--catalog-source: routing to registrations made by others (registrator)', function () {
  this.timeout(240_000);
  let consul: ConsulTarget;
  let p: ProxiedProject;
  let foreign: Server;
  let foreignPort = 0;
  const service = (): string => `${p.f.project}-app`;
  const registered: string[] = [];
  /** A registration the way registrator makes one: through the agent of its host, with a TTL check it keeps passing. */
  const registerLikeRegistrator = async (container: string, address: string, port: number): Promise<void> => {
    const id = `registrator-host:${container}:8080`;
    await consul.put('/agent/service/register', { ID: id, Name: `${service()}-blue`, Address: address, Port: port, Tags: [], Check: { TTL: '120s', Status: 'passing' } });
    registered.push(id);
  };
  const routedServers = async (): Promise<readonly string[]> => {
    const { body } = await consul.get(`/kv/docker-flow/${service()}/route?raw`);
    const servers: unknown = Reflect.get(Object(JSON.parse(String(body))), 'servers');
    return (Array.isArray(servers) ? servers : []).map((s: unknown) => `${String(Reflect.get(Object(s), 'address'))}:${String(Reflect.get(Object(s), 'port'))}`).sort();
  };
  const answers = async (count: number): Promise<readonly string[]> => {
    const bodies: string[] = [];
    for (let i = 0; i < count; i += 1) bodies.push((await httpGet(p.url('/cs/'))).body.includes('foreign instance') ? 'foreign' : 'docker-flow');
    return bodies;
  };
  const proxyFlow = (extra: readonly string[] = []) => p.cli(['--blue-green', '--target=app', '--service-path=/cs', '--flow=proxy', ...extra]);

  before(async () => {
    consul = await consulTarget();
    p = await proxiedProject('cs', appCompose, { before: ['-c', consul.address] });
    const r = await p.cli(['--blue-green', '--target=app', '--service-path=/cs', '--flow=deploy', '--flow=proxy']);
    assert.equal(r.code, 0, r.stderr);
    foreign = createServer((_req, res) => res.end('a foreign instance\n'));
    await new Promise<void>((resolve) => foreign.listen(0, '127.0.0.1', resolve));
    const bound = foreign.address();
    foreignPort = typeof bound === 'object' && bound !== null ? bound.port : 0;
    // registrator registers every container with SERVICE_NAME: docker-flow's own instance, and one docker-flow does not know.
    const [own] = await passingInstances(consul, `${service()}-blue`);
    assert.ok(own !== undefined, 'docker-flow registered its instance');
    await registerLikeRegistrator(`${p.f.project}_app-blue_1`, own.address, own.port);
    await registerLikeRegistrator(`${p.f.project}_extra`, '127.0.0.1', foreignPort);
  });
  const foreignId = (): string => `registrator-host:${p.f.project}_extra:8080`;
  after(async () => {
    for (const id of registered) await consul.put(`/agent/service/deregister/${encodeURIComponent(id)}`, '');
    foreign.close();
    await p.close();
    await forgetProject(consul, p.f.project);
    await consul.stop();
  });

  it("by default the proxy routes to docker-flow's own registrations only", async () => {
    const r = await proxyFlow();
    assert.equal(r.code, 0, r.stderr);
    assert.equal((await routedServers()).length, 1);
    assert.ok(!(await routedServers()).includes(`127.0.0.1:${foreignPort}`));
    assert.deepEqual([...new Set(await answers(6))], ['docker-flow']);
  });

  it('with --catalog-source=any it also routes to the registrator entry, once per address and port', async () => {
    const r = await proxyFlow(['--catalog-source=any']);
    assert.equal(r.code, 0, r.stderr);
    const servers = await routedServers();
    assert.equal(servers.length, 2, `docker-flow's instance once (registered twice), and the foreign one: ${servers.join(', ')}`);
    assert.ok(servers.includes(`127.0.0.1:${foreignPort}`));
    assert.deepEqual([...new Set(await answers(8))].sort(), ['docker-flow', 'foreign'], 'requests through the proxy reach both');
  });

  it('proxy watch --catalog-source=any follows them: a foreign instance that leaves the catalog leaves the proxy, and comes back with it', async () => {
    const watch = new CliProcess(['-p', p.f.project, '-c', consul.address, '--catalog-source=any', ...p.proxyArgs, 'proxy', 'watch'], { cwd: p.f.dir, env: { FLOW_STATE_DIR: p.f.stateDir } });
    try {
      await watch.waitForOutput(/proxy watch: following the catalog of Consul/, 30_000);
      const foreignRouted = async (): Promise<boolean> => (await routedServers()).includes(`127.0.0.1:${foreignPort}`);
      assert.ok(await foreignRouted());
      await consul.put(`/agent/service/deregister/${encodeURIComponent(foreignId())}`, '');
      await waitFor(async () => !(await foreignRouted()), { timeoutMs: 10_000, what: 'the proxy to drop the deregistered foreign instance' });
      await registerLikeRegistrator(`${p.f.project}_extra`, '127.0.0.1', foreignPort);
      await waitFor(foreignRouted, { timeoutMs: 10_000, what: 'the proxy to route to the foreign instance registered again' });
      assert.deepEqual([...new Set(await answers(8))].sort(), ['docker-flow', 'foreign']);
    } finally {
      assert.equal(await watch.stop(), 0, watch.log);
    }
  });
});
