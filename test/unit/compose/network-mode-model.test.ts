import assert from 'node:assert/strict';
import { buildComposeModel } from '../../../src/compose/build-compose-model';
import { parseComposeFile } from '../../../src/compose/parse-compose-file';
import type { ComposeModel } from '../../../src/domain/service-spec';
import { isConfigError } from './compose-fixtures';

describe('compose model: network_mode, per-network options and depends_on', () => {
  const context = { projectDir: '/p', homeDir: '/h', lookup: () => undefined, onUnknownKey: () => undefined };
  const build = (services: Record<string, unknown>, networks: Record<string, unknown> = {}): ComposeModel =>
    buildComposeModel(parseComposeFile({ services, networks }, 'c.yml', context), { project: 'demo', firstFile: 'c.yml', envFiles: new Map() });

  it('a service with network_mode joins no project network and depends on the service whose namespace it shares', () => {
    const model = build({ db: { image: 'db:1', network_mode: 'host' }, app: { image: 'app:1', network_mode: 'service:db', expose: [8080] }, job: { image: 'j:1', network_mode: 'none' } });
    assert.deepEqual(model.services['db']?.networks, []);
    assert.deepEqual(model.services['db']?.networkMode, { kind: 'host' });
    assert.deepEqual(model.services['app']?.networkMode, { kind: 'service', service: 'db' });
    assert.deepEqual(model.services['app']?.dependsOn, [{ service: 'db', condition: 'service_started', required: true }]);
    assert.deepEqual(model.services['job']?.networkMode, { kind: 'none' });
  });

  it('orders networks by priority (highest first, then file order) and keeps their aliases and driver options', () => {
    const model = build({ app: { image: 'app:1', networks: { front: null, back: { aliases: ['api'], priority: 100 }, mgmt: { driver_opts: { mtu: '1400' } } } } }, { front: {}, back: {}, mgmt: {} });
    assert.deepEqual(model.services['app']?.networks, ['back', 'front', 'mgmt']);
    assert.deepEqual(model.services['app']?.networkOptions, { back: { aliases: ['api'], driverOpts: {}, priority: 100 }, mgmt: { aliases: [], driverOpts: { mtu: '1400' } } });
  });

  it('refuses what network_mode rules out, with the reason and the fix', () => {
    assert.throws(() => build({ app: { image: 'a', network_mode: 'host', networks: ['default'] } }), isConfigError('c.yml: services.app.networks[0]', /together with network_mode: host; the two exclude each other/));
    assert.throws(() => build({ app: { image: 'a', network_mode: 'host', ports: ['8080'] } }), isConfigError('c.yml: services.app.ports', /uses the host's own ports: it listens on 8080 of the host directly, and Docker discards published ports/, /expose: \[8080\]/));
    assert.throws(() => build({ app: { image: 'a', network_mode: 'none', ports: ['80:8080'] } }), isConfigError('c.yml: services.app.ports', /no network, so nothing can be published/));
    assert.throws(() => build({ app: { image: 'a', network_mode: 'container:vpn', ports: ['8080'] } }), isConfigError('c.yml: services.app.ports', /shares another container's network namespace/));
    assert.throws(() => build({ app: { image: 'a', network_mode: 'service:app' } }), isConfigError('c.yml: services.app.network_mode', /names the service app itself/));
    assert.throws(() => build({ app: { image: 'a', network_mode: 'service:vpn' } }), isConfigError('c.yml: services.app.network_mode', /names service "vpn", which is not defined/, /use one of: app/));
    assert.throws(() => build({ a: { image: 'a', network_mode: 'service:b' }, b: { image: 'b', depends_on: ['a'] } }), isConfigError('c.yml: services.a.network_mode', /depends_on forms a cycle: a → b → a/));
  });

  it('network_mode: bridge keeps published ports (the default bridge network)', () => {
    const model = build({ app: { image: 'a', network_mode: 'bridge', ports: ['8080'] } });
    assert.deepEqual(model.services['app']?.ports, [{ containerPort: 8080, protocol: 'tcp' }]);
    assert.deepEqual(model.services['app']?.networks, []);
  });
});
