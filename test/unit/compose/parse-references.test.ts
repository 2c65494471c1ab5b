import assert from 'node:assert/strict';
import { ComposeLocation } from '../../../src/compose/compose-location';
import { parseEnvFileList, parseNameList } from '../../../src/compose/parse-references';
import { isConfigError } from './compose-fixtures';

describe('parseNameList', () => {
  const where = new ComposeLocation('c.yml', 'services.app.networks');

  it('reads list and map forms, naming where each came from', () => {
    assert.deepEqual(parseNameList(['a', 'b'], where, 'network').map((r) => [r.name, r.where.key]), [['a', 'c.yml: services.app.networks[0]'], ['b', 'c.yml: services.app.networks[1]']]);
    assert.deepEqual(parseNameList({ a: null, b: { aliases: ['x'] } }, where, 'network').map((r) => [r.name, r.where.key]), [['a', 'c.yml: services.app.networks.a'], ['b', 'c.yml: services.app.networks.b']]);
  });

  it('rejects other shapes', () => {
    assert.throws(() => parseNameList('a', where, 'network'), isConfigError('c.yml: services.app.networks', /must be a list or a map/, /network names/));
    assert.throws(() => parseNameList({ a: 'yes' }, where, 'network'), isConfigError('c.yml: services.app.networks.a', /must be a map of options/));
    assert.throws(() => parseNameList([1], where, 'service'), isConfigError('c.yml: services.app.networks[0]', /must be a string/));
  });
});

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

  it('rejects a map without path', () => {
    assert.throws(() => parseEnvFileList([{ required: false }], where, '/p'), isConfigError('c.yml: services.app.env_file[0].path', /must be a string/));
  });
});
