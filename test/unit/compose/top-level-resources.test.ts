import assert from 'node:assert/strict';
import { buildComposeModel } from '../../../src/compose/build-compose-model';
import { mergeComposeFiles } from '../../../src/compose/merge-compose-files';
import { parseComposeFile } from '../../../src/compose/parse-compose-file';
import type { ComposeModel } from '../../../src/domain/service-spec';
import { isConfigError, network, volume } from './compose-fixtures';

describe('compose: top-level networks and volumes keep every setting or refuse it', () => {
  const context = { projectDir: '/p', homeDir: '/h', lookup: () => undefined, onUnknownKey: () => undefined };
  const layer = (document: Record<string, unknown>, file = 'c.yml') => parseComposeFile({ services: { app: { image: 'app:1' } }, ...document }, file, context);
  const build = (...documents: Record<string, unknown>[]): ComposeModel =>
    buildComposeModel(mergeComposeFiles(documents.map((d, i) => layer(d, `f${i}.yml`))), { project: 'demo', firstFile: 'f0.yml', envFiles: new Map() });

  it('a network keeps driver, driver_opts, labels (list or map), internal, attachable, enable_ipv6, ipam and name', () => {
    const model = build({
      networks: {
        back: {
          driver: 'bridge', driver_opts: { 'com.docker.network.bridge.enable_icc': 'true', mtu: 1400 }, labels: ['team=shop', 'tier'],
          internal: true, attachable: true, enable_ipv6: true, enable_ipv4: true,
          ipam: { driver: 'default', config: [{ subnet: '172.28.0.0/16', ip_range: '172.28.5.0/24', gateway: '172.28.5.254', aux_addresses: { host1: '172.28.1.5' } }, { subnet: 'fd00:1::/64' }], options: { foo: 'bar' } },
        },
        named: { name: 'shop-net', labels: { team: 'shop' } },
      },
    });
    assert.deepEqual(model.networks['back'], network('demo_back', {
      driver: 'bridge', driverOpts: { 'com.docker.network.bridge.enable_icc': 'true', mtu: '1400' }, labels: { team: 'shop', tier: '' },
      internal: true, attachable: true, enableIpv6: true,
      ipam: { driver: 'default', config: [{ subnet: '172.28.0.0/16', ipRange: '172.28.5.0/24', gateway: '172.28.5.254', auxAddresses: { host1: '172.28.1.5' } }, { subnet: 'fd00:1::/64', auxAddresses: {} }], options: { foo: 'bar' } },
    }));
    assert.deepEqual(model.networks['named'], network('shop-net', { labels: { team: 'shop' } }));
  });

  it('a volume keeps driver, driver_opts, labels and name', () => {
    const model = build({ volumes: { data: { driver: 'local', driver_opts: { type: 'nfs', o: 'addr=10.40.0.199,nolock,soft,rw', device: ':/docker/example' }, labels: ['backup=daily'] }, logs: { name: 'shop-logs' } } });
    assert.deepEqual(model.volumes, {
      data: volume('demo_data', { driver: 'local', driverOpts: { type: 'nfs', o: 'addr=10.40.0.199,nolock,soft,rw', device: ':/docker/example' }, labels: { backup: 'daily' } }),
      logs: volume('shop-logs'),
    });
  });

  it('several -f files merge a network key by key (compose-go override/merge.go): scalars replaced, options and labels by key, ipam pools by subnet', () => {
    const model = build(
      { networks: { back: { driver_opts: { a: '1', b: '1' }, labels: { x: '1' }, internal: true, ipam: { config: [{ subnet: '10.1.0.0/16', gateway: '10.1.0.1' }, { subnet: '10.2.0.0/16' }], options: { o: '1' } } } } },
      { networks: { back: { driver_opts: { b: '2' }, labels: ['y=2'], internal: false, attachable: true, ipam: { config: [{ subnet: '10.1.0.0/16', ip_range: '10.1.1.0/24' }] } } } },
    );
    assert.deepEqual(model.networks['back'], network('demo_back', {
      driverOpts: { a: '1', b: '2' }, labels: { x: '1', y: '2' }, internal: false, attachable: true,
      ipam: { config: [{ subnet: '10.1.0.0/16', gateway: '10.1.0.1', ipRange: '10.1.1.0/24', auxAddresses: {} }], options: { o: '1' } },
    }));
    const kept = build({ networks: { back: { ipam: { config: [{ subnet: '10.1.0.0/16' }] } } } }, { networks: { back: { ipam: { driver: 'custom' } } } });
    assert.deepEqual(kept.networks['back']?.ipam, { driver: 'custom', config: [{ subnet: '10.1.0.0/16', auxAddresses: {} }], options: {} });
  });

  it('refuses a key Compose does not define, enable_ipv4: false (Engine API 1.47), and a bad pool', () => {
    assert.throws(() => build({ networks: { back: { subnet: '10.0.0.0/8' } } }), isConfigError('f0.yml: networks.back.subnet', /is not a key of a top-level network/, /ipam/));
    assert.throws(() => build({ networks: { back: { enable_ipv4: false } } }), isConfigError('f0.yml: networks.back.enable_ipv4', /false needs Engine API 1\.47/));
    assert.throws(() => build({ networks: { back: { ipam: { config: [{ subnet: '10.0.0.0/8', range: 'x' }] } } } }), isConfigError('f0.yml: networks.back.ipam.config[0].range', /is not a key of an IPAM pool/));
    assert.throws(() => build({ networks: { back: { ipam: { pools: [] } } } }), isConfigError('f0.yml: networks.back.ipam.pools', /is not a key of ipam/));
    assert.throws(() => build({ volumes: { data: { internal: true } } }), isConfigError('f0.yml: volumes.data.internal', /is not a key of a top-level volume/, /driver_opts/));
    assert.doesNotThrow(() => build({ networks: { back: { 'x-note': 'kept out' } }, volumes: { data: { 'x-note': 1 } } }));
  });

  it('an external network or volume takes only name (the Compose specification rejects the rest): in any -f file', () => {
    assert.doesNotThrow(() => build({ networks: { shared: { external: true, name: 'shop-shared' } }, volumes: { data: { external: true } } }));
    assert.throws(() => build({ networks: { shared: { external: true, driver: 'overlay' } } }),
      isConfigError('f0.yml: networks.shared.driver', /is given for an external network; .*"external" and "driver" conflict/, /remove driver:/));
    assert.throws(() => build({ volumes: { data: { labels: { a: 'b' } } } }, { volumes: { data: { external: true } } }),
      isConfigError('f0.yml: volumes.data.labels', /is given for an external volume/));
  });
});
