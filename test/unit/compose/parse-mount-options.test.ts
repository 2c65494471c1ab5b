import assert from 'node:assert/strict';
import { ComposeLocation } from '../../../src/compose/compose-location';
import { parseSizeBytes } from '../../../src/compose/parse-mount-options';
import { parseServiceVolumes, parseTmpfs } from '../../../src/compose/parse-volumes';
import { isConfigError } from './compose-fixtures';

describe('volume options are kept or refused, never dropped', () => {
  const where = new ComposeLocation('c.yml', 'services.app.volumes');
  const specs = (items: readonly unknown[]) => parseServiceVolumes(items, where, { projectDir: '/p', homeDir: '/h' }).map((e) => e.spec);

  it('short syntax: a propagation for binds, nocopy for named volumes; the Docker Desktop hints change nothing', () => {
    assert.deepEqual(specs(['/srv:/srv:ro,rslave', 'data:/data:nocopy', '/c:/c:cached', './d:/d:delegated,rw']), [
      { type: 'bind', source: '/srv', target: '/srv', readOnly: true, propagation: 'rslave' },
      { type: 'volume', source: 'data', target: '/data', readOnly: false, noCopy: true },
      { type: 'bind', source: '/c', target: '/c', readOnly: false },
      { type: 'bind', source: '/p/d', target: '/d', readOnly: false },
    ]);
  });

  it('long syntax: bind.propagation, volume.nocopy, tmpfs.size and tmpfs.mode', () => {
    assert.deepEqual(specs([
      { type: 'bind', source: '/srv', target: '/srv', bind: { propagation: 'shared', create_host_path: false } },
      { type: 'volume', source: 'data', target: '/data', volume: { nocopy: true }, consistency: 'cached' },
      { type: 'tmpfs', target: '/run', tmpfs: { size: '64m', mode: '1777' } },
      { type: 'tmpfs', target: '/scratch', tmpfs: { size: 1048576, mode: 448 } },
    ]), [
      { type: 'bind', source: '/srv', target: '/srv', readOnly: false, propagation: 'shared' },
      { type: 'volume', source: 'data', target: '/data', readOnly: false, noCopy: true },
      { type: 'tmpfs', target: '/run', readOnly: false, tmpfsSizeBytes: 67108864, tmpfsMode: 0o1777 },
      { type: 'tmpfs', target: '/scratch', readOnly: false, tmpfsSizeBytes: 1048576, tmpfsMode: 448 },
    ]);
  });

  it('refuses what the Engine API mounts cannot do, with the reason and the fix', () => {
    const key = 'c.yml: services.app.volumes[0]';
    assert.throws(() => specs(['/srv:/srv:z']), isConfigError(key, /SELinux option "z" is not supported: .*relabel the host path/));
    assert.throws(() => specs(['data:/data:rslave']), isConfigError(key, /"rslave" applies only to bind mounts/));
    assert.throws(() => specs(['/srv:/srv:nocopy']), isConfigError(key, /"nocopy" applies only to named volumes/));
    assert.throws(() => specs([{ type: 'bind', source: '/s', target: '/s', bind: { selinux: 'z' } }]), isConfigError(`${key}.bind.selinux`, /is not supported/, /chcon/));
    assert.throws(() => specs([{ type: 'bind', source: '/s', target: '/s', bind: { create_host_path: true } }]), isConfigError(`${key}.bind.create_host_path`, /needs the host path to exist on every host/, /create_host_path: false/));
    assert.throws(() => specs([{ type: 'volume', source: 'd', target: '/d', volume: { subpath: 'x' } }]), isConfigError(`${key}.volume.subpath`, /Engine API 1\.45/));
    assert.throws(() => specs([{ type: 'volume', source: 'd', target: '/d', bind: { propagation: 'shared' } }]), isConfigError(`${key}.bind`, /applies to type: bind, but this volume is type: volume/));
    assert.throws(() => specs([{ type: 'bind', source: '/s', target: '/s', bind: { propagation: 'sideways' } }]), isConfigError(`${key}.bind.propagation`, /"sideways" is not a mount propagation/));
    assert.throws(() => specs([{ type: 'bind', source: '/s', target: '/s', readonly: true }]), isConfigError(`${key}.readonly`, /not a key of a service volume/, /read_only/));
  });

  it('tmpfs: of a service keeps size and mode, refuses the options the Engine API does not take', () => {
    const at = new ComposeLocation('c.yml', 'services.app.tmpfs');
    assert.deepEqual(parseTmpfs(['/run:size=64m,mode=1777', '/tmp'], at).map((e) => e.spec), [
      { type: 'tmpfs', target: '/run', readOnly: false, tmpfsSizeBytes: 67108864, tmpfsMode: 0o1777 },
      { type: 'tmpfs', target: '/tmp', readOnly: false },
    ]);
    assert.throws(() => parseTmpfs('/run:noexec', at), isConfigError('c.yml: services.app.tmpfs', /tmpfs option "noexec" is not supported/));
  });

  it('reads sizes as Docker does (powers of 1024)', () => {
    const at = new ComposeLocation('c.yml', 'x');
    assert.deepEqual(['1024', '1k', '64m', '64MB', '1.5g', '2GiB'].map((s) => parseSizeBytes(s, at)), [1024, 1024, 67108864, 67108864, 1610612736, 2147483648]);
    assert.throws(() => parseSizeBytes('lots', at), isConfigError('c.yml: x', /"lots" is not a size/));
  });
});
