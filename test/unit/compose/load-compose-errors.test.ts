import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { loadCompose } from '../../../src/compose/load-compose';
import { InterruptedError } from '../../../src/errors';
import { fixturesDir, isConfigError, loadFixture } from './compose-fixtures';

describe('loadCompose: errors name the file, the key path, the value and what is accepted', () => {
  const errors = resolve(fixturesDir, 'errors');
  const load = (file: string, env: Readonly<Record<string, string>> = {}) => loadFixture('errors', [file], env);

  it('a bad port', async () => {
    await assert.rejects(load('bad-ports.yml'), isConfigError('bad-ports.yml: services.app.ports[1]', /"80:http" is not a port mapping/, /accepted forms: "8080", "80:8080", "127\.0\.0\.1:80:8080"/));
  });

  it('a bad duration', async () => {
    await assert.rejects(load('bad-duration.yml'), isConfigError('bad-duration.yml: services.app.healthcheck.interval', /number 10 is not a duration/, /10s, 1m30s, 500ms/));
  });

  it('services written as a list, and a service that is not a map', async () => {
    await assert.rejects(load('services-list.yml'), isConfigError('services-list.yml: services', /must be a map, found a list/));
    await assert.rejects(load('service-not-map.yml'), isConfigError('service-not-map.yml: services.app', /must be a map, found "localhost:5000\/app:1\.0"/, /image:/));
  });

  it('a service without image, and one with only build:', async () => {
    await assert.rejects(load('missing-image.yml'), isConfigError('missing-image.yml: services.app', /has no image:/, /add image: <image>:<tag> to services\.app/));
    await assert.rejects(load('build-only.yml'), isConfigError('build-only.yml: services.app', /has build: but no image:.*does not build/, /build and push the image first.*add image: .* to services\.app/));
  });

  it('bad YAML, with line and column', async () => {
    await assert.rejects(load('bad-yaml.yml'), isConfigError('bad-yaml.yml', /is not valid YAML at line 3, column 12: Nested mappings are not allowed/));
  });

  it('a cycle in depends_on, named in full', async () => {
    await assert.rejects(load('depends-cycle.yml'), isConfigError('depends-cycle.yml: services.api.depends_on.db', /depends_on forms a cycle: api → db → web → api/, /remove one of these dependencies/));
  });

  it('depends_on naming a service that does not exist', async () => {
    await assert.rejects(load('depends-missing.yml'), isConfigError('depends-missing.yml: services.web.depends_on[0]', /names service "web-db", which is not defined/, /defined services are: db, web/));
  });

  it('an unknown top-level key, and a file in the old version 1 format', async () => {
    await assert.rejects(load('unknown-top-level.yml'), isConfigError('unknown-top-level.yml: service', /is not a top-level key/, /services, networks, volumes/));
    await assert.rejects(load('v1-format.yml'), isConfigError('v1-format.yml', /uses the old version-1 format: its services \(app\) sit at the top level/, /top-level services: key \(services:\n {2}app:/));
  });

  it('a version-1 file whose services use only extends: is named as the old format, with how to convert it', async () => {
    await assert.rejects(load('v1-extends-only.yml'), isConfigError('v1-extends-only.yml', /old version-1 format: its services \(web, worker\)/, /links: as networks.*net: as network_mode:/s));
  });

  it('${VAR:?message} with the variable unset names the file, the key and the message', async () => {
    await assert.rejects(load('required-variable.yml'), isConfigError('required-variable.yml: services.app.environment.DB_PASSWORD', /required variable DB_PASSWORD is missing a value: set the database password/, /set DB_PASSWORD/));
    const model = await load('required-variable.yml', { DB_PASSWORD: 's3cret' });
    assert.equal(model.services['app']?.environment['DB_PASSWORD'], 's3cret');
  });

  it('a network or a named volume that is not declared at the top level', async () => {
    await assert.rejects(load('undefined-network.yml'), isConfigError('undefined-network.yml: services.app.networks[0]', /names network "backend"/, /networks:\n {2}backend/));
    await assert.rejects(load('undefined-volume.yml'), isConfigError('undefined-volume.yml: services.app.volumes[0]', /names volume "data"/, /bind mount/));
  });

  it('a missing env_file (an optional one is skipped)', async () => {
    await assert.rejects(load('missing-env-file.yml'), isConfigError('missing-env-file.yml: services.app.env_file[1]', new RegExp(`env file not found: looked for ${resolve(errors, 'missing.env')}`), /required: false/));
  });

  it('an empty file, and a bad restart policy', async () => {
    await assert.rejects(load('empty.yml'), isConfigError('empty.yml', /is empty/, /services:/));
    await assert.rejects(load('bad-restart.yml'), isConfigError('bad-restart.yml: services.app.restart', /"sometimes" is not a restart policy/, /unless-stopped/));
  });

  it('a missing compose file says which path was looked for and suggests -f', async () => {
    await assert.rejects(load('nope.yml'), isConfigError('nope.yml', new RegExp(`compose file not found: looked for ${resolve(errors, 'nope.yml')}`), /-f <path>/));
    await assert.rejects(loadFixture('versionless', ['docker-compose.yml']), isConfigError('docker-compose.yml', /compose file not found/, /compose\.yaml exists in .*versionless: pass it with -f compose\.yaml/));
    await assert.rejects(loadCompose({ paths: [], cwd: errors, project: 'demo', env: {} }), isConfigError('--compose-path', /no compose file was given/));
  });

  it('an aborted signal stops before reading anything', async () => {
    const controller = new AbortController();
    controller.abort();
    await assert.rejects(loadCompose({ paths: ['bad-ports.yml'], cwd: errors, project: 'demo', env: {} }, controller.signal), InterruptedError);
  });
});
