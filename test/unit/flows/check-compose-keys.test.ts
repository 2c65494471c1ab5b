import assert from 'node:assert/strict';
import { checkKeyNotes, checkProjectName } from '../../../src/flows/check-compose-keys';
import { ConfigError } from '../../../src/errors';
import { recordingLogger } from '../compose/compose-fixtures';
import { model, service } from '../builders';

const note = (key: string, action: 'refuse' | 'warn') => ({ key, at: `docker-compose.yml: services.app.${key}`, action, reason: `${key} reason`, fix: `${key} fix` });

describe('flows/check-compose-keys: keys of the deployed services, and name:', () => {
  it('refuses the first refused key of the deployed services with its place, reason and fix (exit 2)', () => {
    const specs = [service('app', { keyNotes: [note('profiles', 'warn'), note('secrets', 'refuse')] }), service('db', { keyNotes: [note('configs', 'refuse')] })];
    assert.throws(() => checkKeyNotes(specs, recordingLogger()), (error: unknown) => {
      assert.ok(error instanceof ConfigError);
      assert.equal(error.exitCode, 2);
      assert.equal(error.message, 'docker-compose.yml: services.app.secrets: secrets reason');
      assert.equal(error.hint, 'secrets fix');
      return true;
    });
  });

  it('warns about each left-out key once, even when a key note repeats', () => {
    const logger = recordingLogger();
    checkKeyNotes([service('app', { keyNotes: [note('profiles', 'warn'), note('develop', 'warn')] }), service('app', { keyNotes: [note('profiles', 'warn')] })], logger);
    assert.deepEqual(logger.warnings, ['docker-compose.yml: services.app.profiles profiles reason', 'docker-compose.yml: services.app.develop develop reason']);
  });

  it('name: other than the folder-derived project is refused with the fix; a given project wins over name: as -p does in Compose', () => {
    const named = { ...model(service('app')), name: { value: 'shop', at: 'docker-compose.yml: name' } };
    assert.throws(() => checkProjectName(named, 'myfolder', true), (error: unknown) => {
      assert.ok(error instanceof ConfigError);
      assert.match(error.message, /^docker-compose\.yml: name: names the project "shop", but docker-flow uses "myfolder", the folder's name/);
      assert.match(error.hint ?? '', /project: shop in docker-flow\.yml/);
      return true;
    });
    checkProjectName(named, 'shop', true);
    checkProjectName(named, 'staging', false);
    checkProjectName(model(service('app')), 'myfolder', true);
  });
});
