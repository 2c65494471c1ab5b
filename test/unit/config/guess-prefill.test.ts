import assert from 'node:assert/strict';
import { guessPrefill } from '../../../src/config/guess-prefill';
import { ConfigError } from '../../../src/errors';
import { model, service } from '../builders';

const entries = (map: ReadonlyMap<string, unknown>): unknown[] => [...map];

describe('config/guess-prefill (docker-flow init)', () => {
  it('takes the service that publishes a port and that nothing depends on, its depends_on as side targets, and /<target> as the path', () => {
    const m = model(service('db', { ports: [], expose: [5432] }), service('app', { dependsOn: [{ service: 'db', condition: 'service_started', required: true }, { service: 'cache', condition: 'service_healthy', required: true }] }), service('cache', { ports: [], expose: [6379] }));
    assert.deepEqual(entries(guessPrefill(m, 'docker-compose.yml')), [['target', 'app'], ['side_targets', ['db', 'cache']], ['service_path', ['/app']]]);
  });

  it('falls back to a service that only exposes a port, then to the first service', () => {
    assert.equal(guessPrefill(model(service('worker', { ports: [] }), service('api', { ports: [], expose: [80] })), 'c.yml').get('target'), 'api');
    assert.equal(guessPrefill(model(service('one', { ports: [] }), service('two', { ports: [] })), 'c.yml').get('target'), 'one');
  });

  it('uses --target when given, and refuses one the compose file does not have, naming its services', () => {
    const m = model(service('app'), service('db', { ports: [] }));
    assert.deepEqual(entries(guessPrefill(m, 'docker-compose.yml', 'db')), [['target', 'db'], ['service_path', ['/db']]]);
    assert.throws(() => guessPrefill(m, 'docker-compose.yml', 'web'), (e: unknown) => e instanceof ConfigError && e.key === '--target' && /"web" is not a service of docker-compose.yml; its services: app, db/.test(e.message));
  });

  it('fills nothing for a compose file without services', () => {
    assert.deepEqual(entries(guessPrefill(model(), 'docker-compose.yml')), []);
  });
});
