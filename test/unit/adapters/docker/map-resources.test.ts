import assert from 'node:assert/strict';
import { mapNetwork, mapVolume, networkCreateBody, volumeCreateBody } from '../../../../src/adapters/docker/map-resources';

describe('adapters/docker/map-resources', () => {
  it('a network with every setting → the Engine API create body, our labels over the file labels', () => {
    const body = networkCreateBody({
      name: 'shop_back', driver: 'bridge', driverOpts: { mtu: '1400' }, labels: { team: 'shop' }, internal: true, attachable: true, enableIpv6: true,
      ipam: { driver: 'default', config: [{ subnet: '172.28.0.0/16', ipRange: '172.28.5.0/24', gateway: '172.28.5.254', auxAddresses: { host1: '172.28.1.5' } }, { subnet: 'fd00:1::/64', auxAddresses: {} }], options: { foo: 'bar' } },
    }, { 'io.docker-flow.project': 'shop' });
    assert.deepEqual(body, {
      Name: 'shop_back', CheckDuplicate: true, Driver: 'bridge', Internal: true, Attachable: true, EnableIPv6: true, Options: { mtu: '1400' },
      Labels: { team: 'shop', 'io.docker-flow.project': 'shop' },
      IPAM: { Driver: 'default', Options: { foo: 'bar' }, Config: [{ Subnet: '172.28.0.0/16', IPRange: '172.28.5.0/24', Gateway: '172.28.5.254', AuxiliaryAddresses: { host1: '172.28.1.5' } }, { Subnet: 'fd00:1::/64' }] },
    });
    assert.deepEqual(networkCreateBody({ name: 'n', driverOpts: {}, labels: {}, internal: false, attachable: false, enableIpv6: false }, {}),
      { Name: 'n', CheckDuplicate: true, Driver: 'bridge', Internal: false, Attachable: false, EnableIPv6: false, Options: {}, Labels: {} });
  });

  it('a network as the engine lists it → NetworkSettings', () => {
    const listed = {
      Name: 'shop_back', Driver: 'bridge', EnableIPv6: false, Internal: true, Attachable: false, Options: { mtu: '1400' }, Labels: null,
      IPAM: { Driver: 'default', Options: null, Config: [{ Subnet: '172.28.0.0/16', Gateway: '172.28.0.1' }] },
    };
    assert.deepEqual(mapNetwork(listed), {
      name: 'shop_back', driver: 'bridge', driverOpts: { mtu: '1400' }, labels: {}, internal: true, attachable: false, enableIpv6: false,
      ipam: { driver: 'default', options: {}, config: [{ subnet: '172.28.0.0/16', gateway: '172.28.0.1', auxAddresses: {} }] },
    });
  });

  it('a volume → the create body, and back from inspect (Options may be null)', () => {
    assert.deepEqual(volumeCreateBody({ name: 'shop_data', driverOpts: { type: 'nfs' }, labels: { a: 'b' } }, { 'io.docker-flow.project': 'shop' }),
      { Name: 'shop_data', Driver: 'local', DriverOpts: { type: 'nfs' }, Labels: { a: 'b', 'io.docker-flow.project': 'shop' } });
    assert.deepEqual(mapVolume({ Name: 'shop_data', Driver: 'local', Options: null, Labels: { a: 'b' }, Mountpoint: '/x' }), { name: 'shop_data', driver: 'local', driverOpts: {}, labels: { a: 'b' } });
  });
});
