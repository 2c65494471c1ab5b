import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseConfigText } from '../../../src/config/parse-config-text';
import { ConfigError } from '../../../src/errors';
import { initConfig } from '../../../src/flows/init';

const compose = 'services:\n  web:\n    image: web:1\n    ports: ["8080"]\n    depends_on: [db]\n  db:\n    image: db:1\n';

describe('flows/init (docker-flow init, on a temp folder)', () => {
  let dir: string;
  const init = (o: { composePaths?: readonly string[]; target?: string; force?: boolean } = {}) =>
    initConfig({ cwd: dir, env: {}, composePaths: o.composePaths ?? [], force: o.force ?? false, signal: new AbortController().signal, ...(o.target === undefined ? {} : { target: o.target }) });
  const settings = async (path: string) => parseConfigText(await readFile(path, 'utf8'), { displayName: 'docker-flow.yml', baseDir: dir }).settings.map((s) => [s.key.replace('docker-flow.yml: ', ''), s.value]);

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'df-init-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('writes docker-flow.yml next to docker-compose.yml, pre-filled from it, every other key commented out', async () => {
    await writeFile(join(dir, 'docker-compose.yml'), compose);
    const result = await init();
    assert.equal(result.path, join(dir, 'docker-flow.yml'));
    assert.deepEqual(await settings(result.path), [['target', 'web'], ['side_targets', ['db']], ['service_path', ['/web']]]);
    assert.match(await readFile(result.path, 'utf8'), /^# health_timeout: 120s$/m);
  });

  it('takes the compose file\'s name: as the project when it is not the folder\'s name, so every command uses it', async () => {
    await writeFile(join(dir, 'docker-compose.yml'), `name: shop\n${compose}`);
    const result = await init();
    assert.deepEqual((await settings(result.path)).find(([key]) => key === 'project'), ['project', 'shop']);
  });

  it('refuses to replace an existing file without --force (exit 2), and replaces it with --force', async () => {
    await writeFile(join(dir, 'docker-compose.yml'), compose);
    await writeFile(join(dir, 'docker-flow.yml'), 'target: mine\n');
    await assert.rejects(init(), (e: unknown) => e instanceof ConfigError && e.exitCode === 2 && /exists; docker-flow init does not replace it/.test(e.message) && /--force/.test(e.hint ?? ''));
    assert.equal(await readFile(join(dir, 'docker-flow.yml'), 'utf8'), 'target: mine\n');
    await init({ force: true, target: 'db' });
    assert.deepEqual(await settings(join(dir, 'docker-flow.yml')), [['target', 'db'], ['service_path', ['/db']]]);
  });

  it('goes next to the compose file given with -f, and names a compose file docker-flow would not find by default', async () => {
    await mkdir(join(dir, 'deploy'));
    await writeFile(join(dir, 'deploy', 'compose.yaml'), compose);
    const result = await init({ composePaths: ['deploy/compose.yaml'] });
    assert.equal(result.path, join(dir, 'deploy', 'docker-flow.yml'));
    assert.deepEqual((await settings(result.path)).find(([key]) => key === 'compose_path'), ['compose_path', ['compose.yaml']]);
  });

  it('without a compose file writes every key with its default (and --target when given)', async () => {
    const result = await init({ target: 'app' });
    assert.equal(result.composeFile, undefined);
    assert.deepEqual(await settings(result.path), [['target', 'app']]);
  });

  it('a missing -f file is bad input', async () => {
    await assert.rejects(init({ composePaths: ['nope.yml'] }), (e: unknown) => e instanceof ConfigError && e.key === '--compose-path' && /does not exist/.test(e.message));
  });
});
