import assert from 'node:assert/strict';
import { freePort } from '../support/free-port';
import { httpGet } from '../support/http-get';
import { docker, flowFixture, type FlowFixture } from './flow-fixture';

/**
 * Issue 17 on a real engine: a side target on the host's network, and a depends_on chain with
 * service_healthy and service_completed_successfully that orders what starts when.
 */
describe('compose fidelity: network_mode: host and depends_on conditions on a real engine', function () {
  this.timeout(180_000);
  let f: FlowFixture;
  let agentPort: number;
  const inspect = async (name: string) => docker.getContainer(`${f.project}_${name}`).inspect();

  before(async () => {
    agentPort = await freePort();
    f = await flowFixture(`fid${process.pid}`, `
services:
  app:
    image: docker-flow-demo:v1
    ports: ["8080"]
    depends_on:
      api: {condition: service_healthy}
      migrate: {condition: service_completed_successfully}
  api:
    image: docker-flow-side:v1
    depends_on:
      db: {condition: service_healthy}
  migrate:
    image: docker-flow-demo:v1
    command: ["/bin/sh", "-c", "echo migrated"]
    healthcheck: {disable: true}
    depends_on:
      db: {condition: service_healthy}
  db:
    image: docker-flow-side:v1
    volumes: ["dbdata:/data:nocopy"]
    tmpfs: ["/scratch:size=1m,mode=700"]
  agent:
    image: docker-flow-side:v1
    network_mode: host
    environment: {DEMO_BODY: "agent on the host network"}
    command: ["/bin/sh", "-c", "exec nc -ll -p ${agentPort} -e /bin/demo-http"]
    healthcheck:
      test: ["CMD-SHELL", "wget -q -O /dev/null http://127.0.0.1:${agentPort}/health"]
      interval: 1s
volumes:
  dbdata: {}
`);
  });
  after(async () => {
    await f.cleanup();
    const { Volumes } = await docker.listVolumes({ filters: { label: [`io.docker-flow.project=${f.project}`] } });
    await Promise.all((Volumes ?? []).map((v) => docker.getVolume(v.Name).remove().catch(() => undefined)));
  });

  it('starts db, then api and the migration once db is healthy, then the target once api is healthy and the migration exited 0; the agent runs on the host network', async () => {
    const sides = ['--side-target=db', '--side-target=api', '--side-target=migrate', '--side-target=agent'];
    const r = await f.cli(['--blue-green', '--target=app', ...sides, '--flow=deploy', '--health-timeout=60s']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /wait until .*_migrate_1 .* exits with code 0/);

    const [db, api, migrate, app, agent] = await Promise.all(['db_1', 'api_1', 'migrate_1', 'app-blue_1', 'agent_1'].map(inspect));
    assert.ok(db !== undefined && api !== undefined && migrate !== undefined && app !== undefined && agent !== undefined);
    const firstHealthy = (c: typeof db): number => Math.min(...(c.State.Health?.Log ?? []).filter((l) => l.ExitCode === 0).map((l) => Date.parse(l.End)));
    const started = (c: typeof db): number => Date.parse(c.State.StartedAt);
    assert.ok(started(api) >= firstHealthy(db), 'api started after db was healthy');
    assert.ok(started(migrate) >= firstHealthy(db), 'the migration started after db was healthy');
    assert.ok(started(app) >= firstHealthy(api), 'the target started after api was healthy');
    assert.ok(started(app) >= Date.parse(migrate.State.FinishedAt), 'the target started after the migration finished');
    assert.deepEqual([migrate.State.Status, migrate.State.ExitCode], ['exited', 0]);
    const mounts = db.HostConfig.Mounts ?? [];
    assert.deepEqual(mounts.map((m) => [m.Target, m.VolumeOptions?.NoCopy, m.TmpfsOptions?.SizeBytes, m.TmpfsOptions?.Mode]), [['/data', true, undefined, undefined], ['/scratch', undefined, 1048576, 0o700]], 'volume and tmpfs options reach the engine');

    assert.equal(agent.HostConfig.NetworkMode, 'host');
    assert.deepEqual(Object.keys(agent.NetworkSettings.Networks), ['host']);
    const reply = await httpGet(`http://127.0.0.1:${agentPort}/`);
    assert.match(reply.body, /agent on the host network/, 'the agent listens on a port of the host itself');
  });

  it('a dependency without a health check fails the deploy under service_healthy: the target is not started', async () => {
    const g = await flowFixture(`fidn${process.pid}`, `
services:
  app:
    image: docker-flow-demo:v1
    ports: ["8080"]
    depends_on: {db: {condition: service_healthy}}
  db:
    image: docker-flow-side:v1
    healthcheck: {disable: true}
`);
    try {
      const r = await g.cli(['--blue-green', '--target=app', '--side-target=db', '--flow=deploy', '--health-timeout=60s']);
      assert.equal(r.code, 1, r.stderr);
      assert.match(r.stderr, /_db_1 on local failed: it has no health check, and app depends on it with condition: service_healthy/);
      assert.match(r.stderr, /add a healthcheck: to its service/);
      assert.deepEqual((await g.containers()).filter((c) => c.name.includes('_app')), [], 'the target was never created');
    } finally {
      await g.cleanup();
    }
  });
});
