import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { fixturesDir, loadFixture, network, service, volume } from './compose-fixtures';

describe('loadCompose: several -f files merged in order', () => {
  const dir = resolve(fixturesDir, 'merge');
  const load = () => loadFixture('merge', ['docker-compose.yml', 'docker-compose.prod.yml', 'overrides/extra.yml']);

  it('replaces scalars, command and entrypoint with the later file', async () => {
    const app = service(await load(), 'app');
    assert.equal(app.image, 'localhost:5000/app:2.0');
    assert.equal(app.restart, 'always');
    assert.deepEqual(app.command, ['node', 'dist/server.js']);
    assert.deepEqual(app.entrypoint, ['/new-init', '--verbose']);
    assert.equal(app.replicas, 4);
  });

  it('merges environment and labels by key, env_file values under environment', async () => {
    const app = service(await load(), 'app');
    assert.deepEqual(app.environment, { FROM_BASE: '1', SHARED: 'prod', FROM_PROD: '1', MODE: 'prod', KEEP: 'base', ADDED: 'yes' });
    assert.deepEqual(app.labels, { tier: 'web', release: 'stable' });
  });

  it('concatenates ports and expose, dropping exact duplicates', async () => {
    const app = service(await load(), 'app');
    assert.deepEqual(app.ports, [
      { containerPort: 8080, protocol: 'tcp' },
      { containerPort: 9090, protocol: 'tcp', hostPort: 9090, hostIp: '127.0.0.1' },
    ]);
    assert.deepEqual(app.expose, [3000, 3001]);
  });

  it('concatenates volumes de-duplicated by target, resolving every relative path against the first file\'s folder', async () => {
    assert.deepEqual(service(await load(), 'app').volumes, [
      { type: 'bind', source: resolve(dir, 'build'), target: '/app/src', createHostPath: true, readOnly: true },
      { type: 'volume', source: 'data', target: '/data', readOnly: false },
      { type: 'volume', source: 'logs', target: '/logs', readOnly: false },
      { type: 'bind', source: resolve(dir, 'extra'), target: '/extra', createHostPath: true, readOnly: false },
    ]);
  });

  it('unites networks, depends_on and constraints; merges healthcheck and top-level resources by key', async () => {
    const model = await load();
    const app = service(model, 'app');
    assert.deepEqual(app.networks, ['backend', 'frontend']);
    assert.deepEqual(app.dependsOn.map((d) => d.service), ['db', 'cache']);
    assert.deepEqual(app.healthcheck, { test: ['CMD', 'true'], intervalMs: 30_000, retries: 3 });
    assert.deepEqual(app.placement, { constraints: ['node.labels.zone == a', 'node.hostname != h1'], maxReplicasPerNode: 2 });
    assert.deepEqual(Object.keys(model.services).sort(), ['app', 'cache', 'db']);
    assert.deepEqual(model.networks['backend'], network('demo_backend', { driver: 'overlay' }));
    assert.deepEqual(model.networks['frontend'], network('demo_frontend'));
    assert.deepEqual(model.volumes, { data: volume('demo_data'), logs: volume('demo_logs') });
  });

  it('with one file gives that file alone', async () => {
    const app = service(await loadFixture('merge', ['docker-compose.yml']), 'app');
    assert.equal(app.image, 'localhost:5000/app:1.0');
    assert.deepEqual(app.command, ['npm', 'start']);
    assert.deepEqual(app.environment, { FROM_BASE: '1', SHARED: 'base', MODE: 'dev', KEEP: 'base' });
  });
});
