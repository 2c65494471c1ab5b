import assert from 'node:assert/strict';
import { ComposeLocation } from '../../../src/compose/compose-location';
import { parseEnvFileList } from '../../../src/compose/parse-references';
import { isConfigError } from './compose-fixtures';

describe('parseEnvFileList', () => {
  const where = new ComposeLocation('c.yml', 'services.app.env_file');

  it('reads a path, a list and the long form, relative to the project directory', () => {
    assert.deepEqual(parseEnvFileList('app.env', where, '/p').map((r) => [r.path, r.required]), [['/p/app.env', true]]);
    assert.deepEqual(parseEnvFileList(['./a.env', '/abs/b.env', { path: 'c.env', required: false }], where, '/p').map((r) => [r.path, r.required, r.where.key]), [
      ['/p/a.env', true, 'c.yml: services.app.env_file[0]'],
      ['/abs/b.env', true, 'c.yml: services.app.env_file[1]'],
      ['/p/c.env', false, 'c.yml: services.app.env_file[2]'],
    ]);
  });

  it('rejects a map without path, an unknown key, and a format other than Compose\'s dotenv', () => {
    assert.throws(() => parseEnvFileList([{ required: false }], where, '/p'), isConfigError('c.yml: services.app.env_file[0].path', /must be a string/));
    assert.throws(() => parseEnvFileList([{ path: 'a.env', optional: true }], where, '/p'), isConfigError('c.yml: services.app.env_file[0].optional', /is not a key of an env_file entry/));
    assert.throws(() => parseEnvFileList([{ path: 'a.env', format: 'raw' }], where, '/p'), isConfigError('c.yml: services.app.env_file[0].format', /is "raw"; docker-flow reads env files in Compose's own dotenv format only/, /remove format:/));
    assert.equal(parseEnvFileList([{ path: 'a.env', format: 'dotenv' }], where, '/p')[0]?.path, '/p/a.env');
  });
});
