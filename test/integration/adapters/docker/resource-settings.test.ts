import assert from 'node:assert/strict';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { networkDifferences, volumeDifferences } from '../../../../src/domain/resource-spec';
import { EngineError } from '../../../../src/errors';
import { ensureDemoImages, localEngine, networkSettings, never, raw, removeTestObjects, spec, testLabel, uniqueName, volumeSettings } from './docker-kit';

/**
 * Issue 17 on the local engine: the settings of the compose file's top-level networks and
 * volumes are created with them and read back the same (so the next deploy finds no difference),
 * and a bind that may create its host path does so, where Mounts refuse a missing one.
 */
describe('adapters/docker: network and volume settings, bind host paths', function () {
  this.timeout(120_000);
  before(ensureDemoImages);
  after(removeTestObjects);

  it('creates a network with every Compose setting; the engine reports them back and nothing differs', async () => {
    const engine = localEngine();
    const third = 200 + (process.pid % 50);
    const wanted = networkSettings(uniqueName('options'), {
      driver: 'bridge', driverOpts: { 'com.docker.network.bridge.enable_icc': 'true' }, labels: { team: 'shop' }, internal: true, attachable: true, enableIpv6: true,
      ipam: { driver: 'default', options: { foo: 'bar' }, config: [{ subnet: `10.211.${third}.0/24`, ipRange: `10.211.${third}.128/25`, gateway: `10.211.${third}.1`, auxAddresses: { host1: `10.211.${third}.5` } }, { subnet: `fd00:df:${third}::/64`, auxAddresses: {} }] },
    });
    assert.equal(await engine.inspectNetwork(wanted.name, never()), undefined);
    await engine.createNetwork(wanted, testLabel, never());
    const inspect = await raw.getNetwork(wanted.name).inspect();
    assert.deepEqual([inspect.Internal, inspect.Attachable, inspect.EnableIPv6, inspect.Options, inspect.Labels], [true, true, true, { 'com.docker.network.bridge.enable_icc': 'true' }, { team: 'shop', ...testLabel }]);
    assert.deepEqual(inspect.IPAM?.Config?.map((c) => c.Subnet), [`10.211.${third}.0/24`, `fd00:df:${third}::/64`]);
    assert.deepEqual(inspect.IPAM?.Options, { foo: 'bar' });
    const found = await engine.inspectNetwork(wanted.name, never());
    assert.ok(found !== undefined);
    assert.deepEqual(networkDifferences(wanted, found), []);
    assert.deepEqual(networkDifferences({ ...wanted, internal: false, labels: { team: 'web' } }, found), ['internal is true, the file says false', 'labels.team is "shop", the file says "web"']);
  });

  it('creates a volume with driver options and labels, read back the same', async () => {
    const engine = localEngine();
    const wanted = volumeSettings(uniqueName('tmpfs-volume'), { driver: 'local', driverOpts: { type: 'tmpfs', device: 'tmpfs', o: 'size=1m' }, labels: { backup: 'never' } });
    assert.equal(await engine.inspectVolume(wanted.name, never()), undefined);
    await engine.createVolume(wanted, testLabel, never());
    const found = await engine.inspectVolume(wanted.name, never());
    assert.ok(found !== undefined);
    assert.deepEqual(found.driverOpts, wanted.driverOpts);
    assert.deepEqual(volumeDifferences(wanted, found), []);
  });

  it('a bind that may create its host path makes the missing directory on the host; one that may not is refused by the engine', async () => {
    const engine = localEngine();
    const dir = await mkdtemp(join(tmpdir(), 'dfadapter-bind-'));
    try {
      const created = join(dir, 'made', 'by', 'engine');
      const id = await engine.createContainer(spec('bind-create', { mounts: [{ type: 'bind', source: created, target: '/made', readOnly: false, createHostPath: true }] }), never());
      await engine.startContainer(id, never());
      assert.ok((await stat(created)).isDirectory(), 'the engine created the host directory');
      const inspect = await raw.getContainer(id).inspect();
      assert.deepEqual(inspect.HostConfig.Binds, [`${created}:/made:rw`]);
      assert.deepEqual(inspect.Mounts.map((m) => [m.Type, m.Source, m.Destination, m.RW]), [['bind', created, '/made', true]]);

      const missing = join(dir, 'not', 'there');
      await assert.rejects(engine.createContainer(spec('bind-strict', { mounts: [{ type: 'bind', source: missing, target: '/strict', readOnly: true, createHostPath: false }] }), never()), (error: unknown) => {
        assert.ok(error instanceof EngineError);
        assert.match(error.message, new RegExp(`bind source path does not exist: ${missing}`));
        return true;
      });
      await assert.rejects(stat(missing), 'nothing was created for create_host_path: false');
    } finally {
      await removeTestObjects();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
