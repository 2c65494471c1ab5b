import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { fixturesDir, loadFixture, network, recordingLogger, service, volume } from './compose-fixtures';

describe('loadCompose: file formats', () => {
  it('reads a version 2.1 file (build next to image, depends_on conditions, legacy external name)', async () => {
    const model = await loadFixture('v2', ['docker-compose.yml']);
    const app = service(model, 'app');
    assert.equal(app.image, 'localhost:5000/demo-app:1.0');
    assert.deepEqual(app.ports, [{ containerPort: 8080, protocol: 'tcp' }]);
    assert.deepEqual(app.environment, { DB_HOST: 'db' });
    assert.deepEqual(app.dependsOn, [{ service: 'db', condition: 'service_healthy', required: true }]);
    assert.deepEqual(app.networks, ['backend', 'frontend']);
    assert.equal(app.restart, 'on-failure:3');
    assert.deepEqual(app.volumes, [{ type: 'volume', source: 'appdata', target: '/var/lib/app', readOnly: false }]);
    assert.deepEqual(service(model, 'db').healthcheck, { test: ['CMD', 'pg_isready'], intervalMs: 5000, timeoutMs: 2000, retries: 10 });
    assert.deepEqual(model.networks, {
      backend: network('demo_backend', { driver: 'bridge' }),
      frontend: network('shared_frontend', { external: true }),
      default: network('demo_default'),
    });
    assert.deepEqual(model.volumes, { appdata: volume('demo_appdata', { driver: 'local' }) });
  });

  it('reads a version 3.8 file (anchors with <<, long ports and volumes, deploy, unsupported keys ignored)', async () => {
    const dir = resolve(fixturesDir, 'v3');
    const model = await loadFixture('v3', ['docker-compose.yml']);
    const app = service(model, 'app');
    assert.equal(app.restart, 'unless-stopped');
    assert.deepEqual(app.labels, { 'com.example.team': 'web' });
    assert.deepEqual(app.command, ['node', 'server.js', '--port', '8080']);
    assert.deepEqual(app.ports, [
      { containerPort: 8080, protocol: 'tcp', hostPort: 80, hostIp: '127.0.0.1' },
      { containerPort: 9090, protocol: 'tcp' },
    ]);
    assert.deepEqual(app.healthcheck, {
      test: ['CMD-SHELL', 'wget -q -O- http://127.0.0.1:8080/health || exit 1'],
      intervalMs: 90_000, timeoutMs: 500, retries: 3, startPeriodMs: 10_000,
    });
    assert.equal(app.replicas, 3);
    assert.deepEqual(app.placement, { constraints: ['node.labels.zone == a', 'node.hostname != h3'], maxReplicasPerNode: 2 });
    assert.equal(app.stopGracePeriodMs, 60_000);
    assert.equal(app.stopSignal, 'SIGINT');
    assert.deepEqual(app.volumes, [
      { type: 'bind', source: resolve(dir, 'static'), target: '/srv/static', createHostPath: true, readOnly: true },
      { type: 'volume', source: 'cache', target: '/cache', readOnly: false },
      { type: 'tmpfs', target: '/tmp', readOnly: false },
    ]);
    assert.deepEqual(service(model, 'worker').healthcheck, { test: ['NONE'] });
    assert.deepEqual(model.volumes, { cache: volume('shared-cache', { external: true }) });
    assert.deepEqual(model.networks, { default: network('demo_default') });
  });

  it('reads a version-less file with every supported service field', async () => {
    const dir = resolve(fixturesDir, 'versionless');
    const logger = recordingLogger();
    const model = await loadFixture('versionless', ['compose.yaml'], { FROM_SHELL: 'shell-value' }, logger);
    const web = service(model, 'web');
    assert.deepEqual(web.entrypoint, ['/bin/sh', '-c']);
    assert.deepEqual(web.command, ['echo', 'hello world', '&&', 'exec', 'httpd', '-f', '-p', '8080', '-h', '/www']);
    assert.deepEqual(web.environment, {
      LOG_LEVEL: 'debug', ENV_FILE_ONLY: 'from-env-file', QUOTED: 'a "quoted" value', SINGLE: '${NOT_INTERPOLATED}',
      EXPORTED: 'yes', WORKERS: '4', FEATURE_X: 'true', FROM_SHELL: 'shell-value',
    });
    assert.deepEqual(web.labels, { 'com.example.role': 'frontend', 'com.example.flag': '' });
    assert.deepEqual(web.ports, [
      { containerPort: 8080, protocol: 'tcp' },
      { containerPort: 8080, protocol: 'tcp', hostPort: 80 },
      { containerPort: 443, protocol: 'tcp', hostPort: 8443, hostIp: '127.0.0.1' },
      { containerPort: 9000, protocol: 'tcp', hostIp: '127.0.0.1' },
      { containerPort: 5353, protocol: 'udp' },
      { containerPort: 8000, protocol: 'tcp', hostPort: 7000 },
      { containerPort: 8001, protocol: 'tcp', hostPort: 7001 },
      { containerPort: 6060, protocol: 'tcp', hostPort: 6060, hostIp: '::1' },
      { containerPort: 3000, protocol: 'tcp' },
    ]);
    assert.deepEqual(web.expose, [4000, 4001, 5000, 5001, 5002]);
    assert.equal(web.user, '1000:1000');
    assert.equal(web.workingDir, '/www');
    assert.equal(web.restart, 'always');
    assert.deepEqual(web.volumes, [
      { type: 'bind', source: resolve(dir, 'www'), target: '/www', createHostPath: true, readOnly: true },
      { type: 'bind', source: '/etc/localtime', target: '/etc/localtime', createHostPath: true, readOnly: true },
      { type: 'bind', source: '/home/tester/cache', target: '/cache', createHostPath: true, readOnly: false },
      { type: 'volume', source: 'webdata', target: '/data', readOnly: false },
      { type: 'volume', target: '/anonymous', readOnly: false },
      { type: 'tmpfs', target: '/run', readOnly: false },
    ]);
    assert.deepEqual(web.networks, ['front']);
    assert.deepEqual(web.dependsOn, [{ service: 'api', condition: 'service_started', required: true }]);
    assert.equal(web.replicas, 2);
    assert.deepEqual(web.placement, { constraints: [] });
    assert.deepEqual(service(model, 'api'), {
      name: 'api', image: 'localhost:5000/api:1.0', command: ['serve'], environment: {}, safeEnv: [], labels: {}, ports: [], expose: [],
      volumes: [], networks: ['default'], networkOptions: {}, dependsOn: [], placement: { constraints: [] }, runtime: { dns: ['10.0.0.2'] }, keyNotes: [],
    });
    assert.deepEqual(model.networks, { front: network('front-net'), default: network('demo_default') });
    assert.deepEqual(model.volumes, { webdata: volume('explicitly-named') });
    assert.deepEqual(logger.warnings, []);
  });

  it('warns about keys that are not Compose keys and about unset variables, and goes on', async () => {
    const logger = recordingLogger();
    const model = await loadFixture('warnings', ['docker-compose.yml'], {}, logger);
    assert.deepEqual(service(model, 'app').environment, { TAG: '' });
    assert.deepEqual(logger.warnings, [
      'The "UNSET_TAG" variable is not set. Defaulting to a blank string.',
      'docker-compose.yml: services.app.enviroment is not a Compose key; it is ignored',
    ]);
  });
});
