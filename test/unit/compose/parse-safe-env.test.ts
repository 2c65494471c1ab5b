import assert from 'node:assert/strict';
import { buildComposeModel } from '../../../src/compose/build-compose-model';
import { ComposeLocation } from '../../../src/compose/compose-location';
import { mergeComposeFiles } from '../../../src/compose/merge-compose-files';
import { parseComposeFile } from '../../../src/compose/parse-compose-file';
import { parseSafeEnv } from '../../../src/compose/parse-safe-env';
import { isConfigError } from './compose-fixtures';

describe('parseSafeEnv (x-docker-flow-safe-env)', () => {
  const where = new ComposeLocation('c.yml', 'services.app.x-docker-flow-safe-env');
  const key = 'c.yml: services.app.x-docker-flow-safe-env';

  it('reads a list of names, sorted and without duplicates', () => {
    assert.deepEqual(parseSafeEnv(['LOG_LEVEL', 'PORT', 'LOG_LEVEL', 'spring.profiles.active'], where), ['LOG_LEVEL', 'PORT', 'spring.profiles.active']);
    assert.deepEqual(parseSafeEnv([], where), []);
  });

  it('rejects a value that is not a list, naming the key and what to write', () => {
    assert.throws(() => parseSafeEnv('LOG_LEVEL', where), isConfigError(key, /must be a list of variable names, found "LOG_LEVEL"/, /x-docker-flow-safe-env: \[LOG_LEVEL, PORT\]/));
    assert.throws(() => parseSafeEnv({ LOG_LEVEL: true }, where), isConfigError(key, /must be a list of variable names, found a map/));
  });

  it('rejects an item that is not a name, naming the item', () => {
    assert.throws(() => parseSafeEnv(['PORT', 8080], where), isConfigError(`${key}[1]`, /must be a variable name, found number 8080/));
    assert.throws(() => parseSafeEnv([{ name: 'PORT' }], where), isConfigError(`${key}[0]`, /must be a variable name, found a map/));
    assert.throws(() => parseSafeEnv([''], where), isConfigError(`${key}[0]`, /"" is not a variable name/));
    assert.throws(() => parseSafeEnv(['LOG LEVEL'], where), isConfigError(`${key}[0]`, /"LOG LEVEL" is not a variable name/));
    assert.throws(() => parseSafeEnv(['LOG_LEVEL=debug'], where), isConfigError(`${key}[0]`, /"LOG_LEVEL=debug" is not a variable name: it has a value/, /write only the name \(LOG_LEVEL\)/));
  });

  it('the errors exit with the bad-input code (2)', () => {
    assert.throws(() => parseSafeEnv('x', where), (error: unknown) => typeof error === 'object' && error !== null && 'exitCode' in error && error.exitCode === 2);
  });
});

describe('x-docker-flow-safe-env in a compose service', () => {
  const warnings: string[] = [];
  const context = { projectDir: '/p', homeDir: '/h', lookup: () => undefined, onUnknownKey: (where: { key: string }) => void warnings.push(where.key) };
  const parse = (file: string, document: unknown) => parseComposeFile(document, file, context);

  it('lands in the service spec (empty when absent), without an unknown-key warning', () => {
    const layer = parse('c.yml', { services: { app: { image: 'a', environment: { LOG_LEVEL: 'debug' }, 'x-docker-flow-safe-env': ['PORT', 'LOG_LEVEL'] }, db: { image: 'd' } } });
    const built = buildComposeModel(mergeComposeFiles([layer]), { project: 'demo', firstFile: 'c.yml', envFiles: new Map() });
    assert.deepEqual(built.services['app']?.safeEnv, ['LOG_LEVEL', 'PORT']);
    assert.deepEqual(built.services['db']?.safeEnv, []);
    assert.deepEqual(warnings, []);
  });

  it('several -f files unite their names', () => {
    const base = parse('a.yml', { services: { app: { image: 'a', 'x-docker-flow-safe-env': ['PORT'] } } });
    const prod = parse('b.yml', { services: { app: { 'x-docker-flow-safe-env': ['LOG_LEVEL', 'PORT'] } } });
    const built = buildComposeModel(mergeComposeFiles([base, prod]), { project: 'demo', firstFile: 'a.yml', envFiles: new Map() });
    assert.deepEqual(built.services['app']?.safeEnv, ['LOG_LEVEL', 'PORT']);
  });

  it('a bad value is an error naming the file, the service and the key', () => {
    assert.throws(() => parse('c.yml', { services: { app: { image: 'a', 'x-docker-flow-safe-env': 'LOG_LEVEL' } } }), isConfigError('c.yml: services.app.x-docker-flow-safe-env', /must be a list/));
  });
});
