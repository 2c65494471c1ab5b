import assert from 'node:assert/strict';
import { parseComposeFile } from '../../../src/compose/parse-compose-file';
import { isConfigError } from './compose-fixtures';

describe('parseComposeFile', () => {
  const warnings: string[] = [];
  const context = { projectDir: '/p', homeDir: '/h', lookup: () => undefined, onUnknownKey: (where: { key: string }) => void warnings.push(where.key) };
  const parse = (document: unknown) => parseComposeFile(document, 'c.yml', context);

  it('accepts version, name, secrets, configs and x-* at the top level and ignores them', () => {
    const layer = parse({ version: '3.9', name: 'x', secrets: {}, configs: {}, 'x-anything': 1, services: { app: { image: 'a' } } });
    assert.deepEqual(Object.keys(layer.services), ['app']);
  });

  it('reads top-level networks and volumes: null, name, driver, external as boolean or legacy map', () => {
    const layer = parse({ networks: { a: null, b: { name: 'bee', driver: 'overlay' }, c: { external: true }, d: { external: { name: 'dee' } }, e: { external: 'false' } }, volumes: { v: { external: true, name: 'vee' } } });
    const settings = (resources: Readonly<Record<string, { readonly written: unknown }>>) => Object.fromEntries(Object.entries(resources).map(([key, { written: _written, ...rest }]) => [key, rest]));
    const none = { driverOpts: {}, labels: {} };
    assert.deepEqual(settings(layer.networks), { a: none, b: { name: 'bee', driver: 'overlay', ...none }, c: { external: true, ...none }, d: { name: 'dee', external: true, ...none }, e: { external: false, ...none } });
    assert.deepEqual(settings(layer.volumes), { v: { name: 'vee', external: true, ...none } });
    assert.deepEqual(Object.keys(layer.networks['b']?.written ?? {}), ['name', 'driver']);
    assert.throws(() => parse({ networks: { d: { name: 'x', external: { name: 'dee' } } } }), isConfigError('c.yml: networks.d.external.name', /"dee" conflicts with name: "x"/));
  });

  it('tells a version-1 file from a file with a misplaced key', () => {
    assert.throws(() => parse({ version: '1', web: { image: 'a' } }), isConfigError('c.yml', /old version-1 format/));
    assert.throws(() => parse({ web: { image: 'a' }, networks: {} }), isConfigError('c.yml: web', /looks like a service written in the old version 1 format/));
    assert.throws(() => parse({ version: '3', web: { extends: 'x' } }), isConfigError('c.yml: web', /is not a top-level key/));
  });

  it('refuses the top-level include: and models: of the Compose specification with the fix, and keeps name:', () => {
    assert.throws(() => parse({ include: ['other.yml'], services: {} }), isConfigError('c.yml: include', /Compose key docker-flow does not support/, /-f/));
    assert.throws(() => parse({ models: {}, services: {} }), isConfigError('c.yml: models', /does not support/));
    assert.deepEqual(parse({ name: 'shop', services: {} }).name, { value: 'shop', at: 'c.yml: name' });
    assert.throws(() => parse({ name: 'Shop!', services: {} }), isConfigError('c.yml: name', /"Shop!" is not a project name/));
  });

  it('rejects bad service names and bad resource entries', () => {
    assert.throws(() => parse({ services: { 'my app': { image: 'a' } } }), isConfigError('c.yml: services.my app', /not a valid service name/));
    assert.throws(() => parse({ networks: { a: 'bridge' } }), isConfigError('c.yml: networks.a', /must be a map/));
    assert.throws(() => parse({ volumes: { a: { external: 'sometimes' } } }), isConfigError('c.yml: volumes.a.external', /must be true or false/));
    assert.throws(() => parse(['services']), isConfigError('c.yml', /must be a map, found a list/));
  });

  it('reads scale and deploy.replicas (checked against each other once merged), and user ids as strings', () => {
    assert.equal(parse({ services: { a: { image: 'a', scale: 3 } } }).services['a']?.scale, 3);
    assert.equal(parse({ services: { a: { image: 'a', scale: 3, deploy: { replicas: 5 } } } }).services['a']?.replicas, 5);
    assert.equal(parse({ services: { a: { image: 'a', user: 1000 } } }).services['a']?.user, '1000');
  });

  it('rejects an empty image, and command values that are neither string nor list', () => {
    assert.throws(() => parse({ services: { a: { image: '' } } }), isConfigError('c.yml: services.a.image', /is empty/, /variables/));
    assert.throws(() => parse({ services: { a: { image: 'a', command: { run: 1 } } } }), isConfigError('c.yml: services.a.command', /must be a string or a list/));
  });

  it('reports keys that are not Compose keys, but not x-* keys', () => {
    warnings.length = 0;
    parse({ services: { a: { image: 'a', 'x-meta': 1, imagee: 'b', cpus: 1 } } });
    assert.deepEqual(warnings, ['c.yml: services.a.imagee']);
  });
});
