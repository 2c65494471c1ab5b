import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { loadCompose } from '../../../src/compose/load-compose';
import { parseYaml } from '../../../src/compose/parse-yaml';
import type { ComposeModel } from '../../../src/domain/service-spec';
import { isConfigError, service } from './compose-fixtures';

/** Compose files written to a fresh folder and loaded as the CLI loads them (cwd = that folder). */
async function loadFiles(files: Readonly<Record<string, string>>, paths: readonly string[], env: Readonly<Record<string, string>> = {}): Promise<ComposeModel> {
  const dir = await mkdtemp(join(tmpdir(), 'df-compose-'));
  try {
    for (const [name, text] of Object.entries(files)) {
      await mkdir(dirname(join(dir, name)), { recursive: true });
      await writeFile(join(dir, name), text);
    }
    return await loadCompose({ paths, cwd: dir, project: 'demo', env: { HOME: '/home/tester', ...env } });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

describe('compose fidelity: merge tags (!reset, !override)', () => {
  it('parseYaml drops !reset values, keeps !override values as plain YAML, and returns the paths both clear, through anchors and << too', () => {
    const parsed = parseYaml('x-base: &base\n  ports: !reset []\nservices:\n  app:\n    <<: *base\n    replicas: !override 3\n    command: !reset\n    environment: {A: !reset null, B: "1"}\n    volumes: [!reset "/a:/a", "/b:/b"]\n', 'c.yml');
    assert.deepEqual(parsed.data, { 'x-base': {}, services: { app: { replicas: 3, environment: { B: '1' }, volumes: ['/b:/b'] } } });
    assert.deepEqual(parsed.tagPaths, [['x-base', 'ports'], ['services', 'app', 'ports'], ['services', 'app', 'replicas'], ['services', 'app', 'command'], ['services', 'app', 'environment', 'A'], ['services', 'app', 'volumes', '[0]']]);
    assert.throws(() => parseYaml('services:\n  app:\n    image: !include other.yml\n', 'c.yml'), isConfigError('c.yml: services.app.image', /has the tag !include, which Compose does not define/, /!reset .*!override/));
  });

  it('a later -f file clears what earlier files set with !reset, and replaces instead of merging with !override (compose-go reset.go)', async () => {
    const model = await loadFiles({
      'a.yml': 'services:\n  app:\n    image: app:1\n    command: ["serve"]\n    ports: ["8080", "9090"]\n    environment: {A: "1", B: "1"}\n    labels: {team: web}\n    networks: {front: {aliases: [web]}}\n    depends_on: {db: {condition: service_healthy}}\n    healthcheck: {test: ["CMD", "true"], interval: 5s}\n  db: {image: db:1}\nnetworks: {front: {labels: {a: b}}}\n',
      'b.yml': 'services:\n  app:\n    command: !reset\n    ports: !override ["7070"]\n    environment: {A: !reset null, C: "3"}\n    labels: !override {team: api}\n    networks: {front: {aliases: !override [api]}}\n    depends_on: !reset {}\n    healthcheck: {interval: !reset}\nnetworks: {front: {labels: !reset {}}}\n',
    }, ['a.yml', 'b.yml']);
    const app = service(model, 'app');
    assert.equal(app.command, undefined);
    assert.deepEqual(app.ports, [{ containerPort: 7070, protocol: 'tcp' }]);
    assert.deepEqual(app.environment, { B: '1', C: '3' });
    assert.deepEqual(app.labels, { team: 'api' });
    assert.deepEqual(app.networkOptions['front']?.aliases, ['api']);
    assert.deepEqual(app.dependsOn, []);
    assert.deepEqual(app.healthcheck, { test: ['CMD', 'true'] });
    assert.deepEqual(model.networks['front']?.labels, {});
  });

  it('!reset in a service that extends another clears what it inherits; a whole service can be reset by a later file', async () => {
    const model = await loadFiles({
      'a.yml': 'services:\n  base: {image: app:1, ports: ["8080"], environment: {A: "1"}}\n  web:\n    extends: base\n    ports: !reset []\n  gone: {image: x:1}\n',
      'b.yml': 'services:\n  gone: !reset {}\n',
    }, ['a.yml', 'b.yml']);
    assert.deepEqual(service(model, 'web').ports, []);
    assert.deepEqual(service(model, 'web').environment, { A: '1' });
    assert.equal(model.services['gone'], undefined);
  });
});

describe('compose fidelity: extends', () => {
  it('extends a service of another file, whose relative paths stay relative to that file, through a chain across files', async () => {
    const model = await loadFiles({
      'compose.yml': 'services:\n  web:\n    extends: {file: common/services.yml, service: webapp}\n    environment: {LEVEL: web}\n',
      'common/services.yml': 'services:\n  webapp:\n    extends: {file: base.yml, service: base}\n    volumes: ["./conf:/etc/app:ro"]\n    env_file: [app.env]\n',
      'common/base.yml': 'services:\n  base:\n    image: app:1\n    environment: {LEVEL: base, KEEP: "yes"}\n',
      'common/app.env': 'FROM_FILE=1\n',
    }, ['compose.yml']);
    const web = service(model, 'web');
    assert.equal(web.image, 'app:1');
    assert.deepEqual(web.environment, { FROM_FILE: '1', LEVEL: 'web', KEEP: 'yes' });
    assert.match(web.volumes[0]?.source ?? '', /\/common\/conf$/);
  });

  it('inherits depends_on (compose-go ExtendService merges the whole service) unless !override replaces it', async () => {
    const model = await loadFiles({
      'compose.yml': 'services:\n  a: {image: a:1, depends_on: [c]}\n  b:\n    extends: a\n    depends_on: [d]\n  e:\n    extends: a\n    depends_on: !override [d]\n  c: {image: c:1}\n  d: {image: d:1}\n',
    }, ['compose.yml']);
    assert.deepEqual(service(model, 'b').dependsOn.map((d) => d.service), ['c', 'd']);
    assert.deepEqual(service(model, 'e').dependsOn.map((d) => d.service), ['d']);
  });

  it('refuses a missing file, a missing service and a cycle across files, naming the extends', async () => {
    await assert.rejects(loadFiles({ 'c.yml': 'services:\n  a:\n    extends: {file: nope.yml, service: b}\n' }, ['c.yml']), isConfigError('c.yml: services.a.extends', /compose file not found: looked for .*nope\.yml/));
    await assert.rejects(loadFiles({ 'c.yml': 'services:\n  a:\n    extends: {file: o.yml, service: b}\n', 'o.yml': 'services:\n  x: {image: x:1}\n' }, ['c.yml']),
      isConfigError('c.yml: services.a.extends', /names service "b", which .*o\.yml does not define/, /extend one of: x/));
    await assert.rejects(loadFiles({ 'c.yml': 'services:\n  a:\n    extends: {file: o.yml, service: b}\n', 'o.yml': 'services:\n  b:\n    extends: {file: c.yml, service: a}\n' }, ['c.yml']),
      isConfigError('o.yml: services.b.extends', /extends forms a cycle: a → .*o\.yml#b → a/));
  });
});

describe('compose fidelity: several -f files, env files and the rest', () => {
  it('a service network given in two files merges its options (aliases added up), a depends_on entry key by key, env_file once per path', async () => {
    const model = await loadFiles({
      'a.yml': 'services:\n  app:\n    image: app:1\n    networks: {back: {aliases: [api], priority: 5}}\n    depends_on: {db: {condition: service_healthy}}\n    env_file: [one.env, two.env]\n  db: {image: db:1}\nnetworks: {back: {}}\n',
      'b.yml': 'services:\n  app:\n    networks: {back: {aliases: [v2]}}\n    depends_on: {db: {required: false}}\n    env_file: [{path: one.env, required: false}, three.env]\n',
      'one.env': 'A=one\nB=one\n', 'two.env': 'B=two\nC=two\n', 'three.env': 'C=three\n',
    }, ['a.yml', 'b.yml']);
    const app = service(model, 'app');
    assert.deepEqual(app.networkOptions['back'], { aliases: ['api', 'v2'], driverOpts: {}, priority: 5 });
    assert.deepEqual(app.dependsOn, [{ service: 'db', condition: 'service_healthy', required: false }]);
    assert.deepEqual(app.environment, { A: 'one', B: 'two', C: 'three' });
  });

  it('an env file resolves ${VAR} from the shell and .env, then the service environment, then earlier lines and files (compose-go WithServicesEnvironmentResolved)', async () => {
    const model = await loadFiles({
      'compose.yml': 'services:\n  app:\n    image: app:1\n    environment: {HOST: db.internal}\n    env_file: [first.env, second.env]\n',
      '.env': 'TAG=from-dotenv\n',
      'first.env': 'URL=postgres://${HOST}/shop\nPORT=5432\n',
      'second.env': 'DSN=${URL}:${PORT}\nBUILD=${TAG}\nSHELL_ONLY\n',
    }, ['compose.yml'], { SHELL_ONLY: 'from-shell' });
    assert.deepEqual(service(model, 'app').environment, { URL: 'postgres://db.internal/shop', PORT: '5432', DSN: 'postgres://db.internal/shop:5432', BUILD: 'from-dotenv', SHELL_ONLY: 'from-shell', HOST: 'db.internal' });
  });

  it('refuses distinct scale and deploy.replicas, even from different files (compose-go validate.go)', async () => {
    await assert.rejects(loadFiles({ 'a.yml': 'services:\n  app: {image: a:1, scale: 2}\n', 'b.yml': 'services:\n  app: {deploy: {replicas: 3}}\n' }, ['a.yml', 'b.yml']),
      isConfigError('a.yml: services.app.scale', /is 2 but deploy\.replicas is 3 in any of a\.yml, b\.yml; Compose refuses distinct values/));
    assert.equal(service(await loadFiles({ 'a.yml': 'services:\n  app: {image: a:1, scale: 2, deploy: {replicas: 2}}\n' }, ['a.yml']), 'app').replicas, 2);
  });
});
