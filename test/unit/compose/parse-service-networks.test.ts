import assert from 'node:assert/strict';
import { ComposeLocation } from '../../../src/compose/compose-location';
import { parseDependsOn } from '../../../src/compose/parse-depends-on';
import { parseNetworkMode, parseServiceNetworks } from '../../../src/compose/parse-service-networks';
import { isConfigError } from './compose-fixtures';

describe('parseServiceNetworks', () => {
  const where = new ComposeLocation('c.yml', 'services.app.networks');
  const none = { aliases: [], driverOpts: {} };

  it('reads the list and the map form with aliases, driver_opts and priority', () => {
    assert.deepEqual(parseServiceNetworks(['a', 'b'], where).map((r) => [r.name, r.where.key, r.options]), [['a', 'c.yml: services.app.networks[0]', none], ['b', 'c.yml: services.app.networks[1]', none]]);
    assert.deepEqual(parseServiceNetworks({ a: null, b: { aliases: ['db', 'primary'], driver_opts: { 'com.example.mtu': 1450 }, priority: 10 } }, where).map((r) => [r.name, r.options]), [
      ['a', none],
      ['b', { aliases: ['db', 'primary'], driverOpts: { 'com.example.mtu': '1450' }, priority: 10 }],
    ]);
  });

  it('refuses the options it cannot keep, each with the reason, and unknown options', () => {
    assert.throws(() => parseServiceNetworks({ b: { ipv4_address: '172.16.0.5' } }, where), isConfigError('c.yml: services.app.networks.b.ipv4_address', /fixed address cannot be given to two instances/, /remove networks\.b\.ipv4_address/));
    assert.throws(() => parseServiceNetworks({ b: { mac_address: '02:42:ac:11:00:02' } }, where), isConfigError('c.yml: services.app.networks.b.mac_address', /Engine API 1\.44/));
    assert.throws(() => parseServiceNetworks({ b: { gw_priority: 1 } }, where), isConfigError('c.yml: services.app.networks.b.gw_priority', /Engine API 1\.48/));
    assert.throws(() => parseServiceNetworks({ b: { alias: ['x'] } }, where), isConfigError('c.yml: services.app.networks.b.alias', /not an option of a service network/, /aliases, driver_opts or priority/));
    assert.throws(() => parseServiceNetworks('a', where), isConfigError('c.yml: services.app.networks', /must be a list or a map/));
    assert.throws(() => parseServiceNetworks({ a: 'yes' }, where), isConfigError('c.yml: services.app.networks.a', /must be a map/));
  });
});

describe('parseNetworkMode', () => {
  const where = new ComposeLocation('c.yml', 'services.app.network_mode');

  it('reads host, none, bridge, service:<name> and container:<name>', () => {
    assert.deepEqual(['host', 'none', 'bridge', 'service:db', 'container:vpn'].map((text) => parseNetworkMode(text, where)), [
      { kind: 'host' }, { kind: 'none' }, { kind: 'bridge' }, { kind: 'service', service: 'db' }, { kind: 'container', container: 'vpn' },
    ]);
  });

  it('refuses anything else with the accepted forms', () => {
    assert.throws(() => parseNetworkMode('backend', where), isConfigError('c.yml: services.app.network_mode', /"backend" is not a network mode/, /host, none, bridge, service:<service name>.*networks: instead/));
    assert.throws(() => parseNetworkMode('service:', where), isConfigError('c.yml: services.app.network_mode', /"service:" is not a network mode/));
  });
});

describe('parseDependsOn', () => {
  const where = new ComposeLocation('c.yml', 'services.app.depends_on');

  it('reads the short syntax as service_started, required, and the long syntax as written (defaults fill in once files are merged)', () => {
    assert.deepEqual(parseDependsOn(['db'], where).map((d) => [d.name, d.condition, d.required, d.where.key]), [['db', 'service_started', true, 'c.yml: services.app.depends_on[0]']]);
    assert.deepEqual(parseDependsOn({ db: { condition: 'service_healthy' }, migrate: { condition: 'service_completed_successfully', required: false, restart: true }, cache: null }, where).map((d) => [d.name, d.condition, d.required]), [
      ['db', 'service_healthy', undefined], ['migrate', 'service_completed_successfully', false], ['cache', undefined, undefined],
    ]);
  });

  it('refuses an unknown condition and unknown keys', () => {
    assert.throws(() => parseDependsOn({ db: { condition: 'healthy' } }, where), isConfigError('c.yml: services.app.depends_on.db.condition', /"healthy" is not a depends_on condition/, /service_started, service_healthy, service_completed_successfully/));
    assert.throws(() => parseDependsOn({ db: { wait: true } }, where), isConfigError('c.yml: services.app.depends_on.db.wait', /not a key of a depends_on entry/));
    assert.throws(() => parseDependsOn('db', where), isConfigError('c.yml: services.app.depends_on', /must be a list or a map/));
  });
});
