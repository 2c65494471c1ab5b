import assert from 'node:assert/strict';
import { ensureNetwork, ensureVolume } from '../../../src/apply/ensure-resources';
import type { DockerEngine } from '../../../src/ports/docker-engine';
import type { NetworkSettings, VolumeSettings } from '../../../src/domain/resource-spec';
import type { NamedVolumeSpec, NetworkSpec } from '../../../src/domain/service-spec';
import { ConfigError } from '../../../src/errors';
import { host } from '../builders';
import { fakeEngine } from '../support/fake-engine';

describe('apply: networks and volumes of the compose file on a host', () => {
  const signal = new AbortController().signal;
  const back: NetworkSpec = { name: 'shop_back', external: false, driverOpts: { mtu: '1400' }, labels: { team: 'shop' }, internal: true, attachable: false, enableIpv6: false, ipam: { config: [{ subnet: '10.9.0.0/16', auxAddresses: {} }], options: {} } };
  const data: NamedVolumeSpec = { name: 'shop_data', external: false, driver: 'local', driverOpts: { type: 'tmpfs', device: 'tmpfs' }, labels: {} };
  const engineWith = (networks: readonly NetworkSettings[], volumes: readonly VolumeSettings[]) => {
    const created: { what: string; name: string; labels: Readonly<Record<string, string>> }[] = [];
    const engine: DockerEngine = {
      ...fakeEngine(host('h1')),
      inspectNetwork: (name) => Promise.resolve(networks.find((n) => n.name === name)),
      createNetwork: (settings, labels) => {
        created.push({ what: 'network', name: settings.name, labels });
        return Promise.resolve();
      },
      inspectVolume: (name) => Promise.resolve(volumes.find((v) => v.name === name)),
      createVolume: (settings, labels) => {
        created.push({ what: 'volume', name: settings.name, labels });
        return Promise.resolve();
      },
    };
    return { engine, created };
  };

  it('creates a missing network or volume with the file settings, labelled as Compose labels them plus the project', async () => {
    const { engine, created } = engineWith([], []);
    await ensureNetwork(engine, { kind: 'ensure-network', host: 'h1', key: 'back', network: back }, 'shop', signal);
    await ensureVolume(engine, { kind: 'ensure-volume', host: 'h1', key: 'data', volume: data }, 'shop', signal);
    assert.deepEqual(created, [
      { what: 'network', name: 'shop_back', labels: { 'com.docker.compose.project': 'shop', 'com.docker.compose.network': 'back', 'io.docker-flow.project': 'shop' } },
      { what: 'volume', name: 'shop_data', labels: { 'com.docker.compose.project': 'shop', 'com.docker.compose.volume': 'data', 'io.docker-flow.project': 'shop' } },
    ]);
  });

  it('uses an existing one that has the file settings (the engine may add its own options, labels and pools)', async () => {
    const found: NetworkSettings = { ...back, driver: 'bridge', driverOpts: { mtu: '1400', extra: 'x' }, labels: { team: 'shop', 'com.docker.compose.project': 'shop' }, ipam: { driver: 'default', config: [{ subnet: '10.9.0.0/16', gateway: '10.9.0.1', auxAddresses: {} }], options: {} } };
    const { engine, created } = engineWith([found], [{ ...data, labels: { other: 'x' } }]);
    await ensureNetwork(engine, { kind: 'ensure-network', host: 'h1', key: 'back', network: back }, 'shop', signal);
    await ensureVolume(engine, { kind: 'ensure-volume', host: 'h1', key: 'data', volume: data }, 'shop', signal);
    assert.deepEqual(created, []);
  });

  it('refuses an existing one with other settings (exit 2): the compose key, the host, each difference, and the fix', async () => {
    const found: NetworkSettings = { name: 'shop_back', driver: 'bridge', driverOpts: {}, labels: {}, internal: false, attachable: false, enableIpv6: false, ipam: { driver: 'default', config: [{ subnet: '172.20.0.0/16', auxAddresses: {} }], options: {} } };
    const { engine } = engineWith([found], [{ name: 'shop_data', driver: 'local', driverOpts: {}, labels: {} }]);
    await assert.rejects(ensureNetwork(engine, { kind: 'ensure-network', host: 'h1', key: 'back', network: back }, 'shop', signal), (e: unknown) => {
      assert.ok(e instanceof ConfigError);
      assert.equal(e.exitCode, 2);
      assert.equal(e.key, 'compose: networks.back');
      assert.match(e.message, /the network shop_back on h1 exists with other settings than the compose file gives: internal is false, the file says true; driver_opts\.mtu is not set, the file says "1400"; labels\.team is not set, the file says "shop"; ipam\.config\[0\] subnet 10\.9\.0\.0\/16 is not one of its pools \(172\.20\.0\.0\/16\); docker-flow does not recreate a network that containers may be using/);
      assert.match(e.hint ?? '', /docker network rm shop_back/);
      return true;
    });
    await assert.rejects(ensureVolume(engine, { kind: 'ensure-volume', host: 'h1', key: 'data', volume: data }, 'shop', signal),
      (e: unknown) => e instanceof ConfigError && e.key === 'compose: volumes.data' && /driver_opts\.device is not set, the file says "tmpfs"/.test(e.message) && /docker volume rm shop_data/.test(e.hint ?? ''));
  });

  it('an external network or volume must exist; it is never created or compared', async () => {
    const shared: NetworkSpec = { ...back, name: 'shared', external: true };
    const { engine, created } = engineWith([], []);
    await assert.rejects(ensureNetwork(engine, { kind: 'ensure-network', host: 'h1', key: 'shared', network: shared }, 'shop', signal),
      (e: unknown) => e instanceof ConfigError && e.key === 'compose: networks.shared' && /no network shared exists on h1/.test(e.message) && /docker network create shared/.test(e.hint ?? ''));
    await assert.rejects(ensureVolume(engine, { kind: 'ensure-volume', host: 'h1', key: 'data', volume: { ...data, external: true } }, 'shop', signal),
      (e: unknown) => e instanceof ConfigError && /no volume shop_data exists on h1/.test(e.message));
    const other = engineWith([{ name: 'shared', driverOpts: {}, labels: {}, internal: false, attachable: false, enableIpv6: false }], []);
    await ensureNetwork(other.engine, { kind: 'ensure-network', host: 'h1', key: 'shared', network: shared }, 'shop', signal);
    assert.deepEqual([...created, ...other.created], []);
  });
});
