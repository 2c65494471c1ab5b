import assert from 'node:assert/strict';
import { ComposeLocation } from '../../../src/compose/compose-location';
import { parseKeyValues } from '../../../src/compose/parse-key-values';
import { isConfigError } from './compose-fixtures';

describe('parseKeyValues', () => {
  const where = new ComposeLocation('docker-compose.yml', 'services.app.environment');
  const env: Readonly<Record<string, string>> = { FROM_SHELL: 'shell' };
  const lookup = (name: string): string | undefined => env[name];

  it('environment: list form, values may hold =, bare keys come from the environment or are left out', () => {
    assert.deepEqual(parseKeyValues(['A=1', 'URL=http://x/?a=b', 'EMPTY=', 'FROM_SHELL', 'NOT_SET'], where, lookup), {
      A: '1', URL: 'http://x/?a=b', EMPTY: '', FROM_SHELL: 'shell',
    });
  });

  it('environment: map form, numbers and booleans as strings, null from the environment', () => {
    assert.deepEqual(parseKeyValues({ A: 1, B: true, C: 'c', FROM_SHELL: null, NOT_SET: null }, where, lookup), { A: '1', B: 'true', C: 'c', FROM_SHELL: 'shell' });
  });

  it('labels: a key without value is an empty label', () => {
    assert.deepEqual(parseKeyValues(['a.b=c', 'flag'], where, undefined), { 'a.b': 'c', flag: '' });
    assert.deepEqual(parseKeyValues({ flag: null }, where, undefined), { flag: '' });
  });

  it('rejects nested values and other shapes', () => {
    assert.throws(() => parseKeyValues({ A: { nested: 1 } }, where, lookup), isConfigError('docker-compose.yml: services.app.environment.A', /must be a string or a number, found a map/, /KEY=VALUE/));
    assert.throws(() => parseKeyValues('A=1', where, lookup), isConfigError('docker-compose.yml: services.app.environment', /must be a list or a map/));
    assert.throws(() => parseKeyValues(['=x'], where, lookup), isConfigError('docker-compose.yml: services.app.environment[0]', /empty key/));
  });
});
