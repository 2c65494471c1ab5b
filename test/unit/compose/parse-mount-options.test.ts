import assert from 'node:assert/strict';
import { ComposeLocation } from '../../../src/compose/compose-location';
import { parseSizeBytes } from '../../../src/compose/parse-mount-options';
import { parseServiceVolumes, parseTmpfs } from '../../../src/compose/parse-volumes';
import { isConfigError } from './compose-fixtures';

describe('volume options are kept or refused, never dropped', () => {
  const where = new ComposeLocation('c.yml', 'services.app.volumes');
  const specs = (items: readonly unknown[]) => parseServiceVolumes(items, where, { projectDir: '/p', homeDir: '/h' }).map((e) => e.spec);

  it('short syntax: a propagation and SELinux z/Z for binds (which create a missing host path, as in Compose), nocopy for named volumes; the Docker Desktop hints change nothing', () => {
    assert.deepEqual(specs(['/srv:/srv:ro,rslave', 'data:/data:nocopy', '/c:/c:cached', './d:/d:delegated,rw', '/e:/e:Z,ro']), [
      { type: 'bind', source: '/srv', target: '/srv', createHostPath: true, readOnly: true, propagation: 'rslave' },
      { type: 'volume', source: 'data', target: '/data', readOnly: false, noCopy: true },
      { type: 'bind', source: '/c', target: '/c', createHostPath: true, readOnly: false },
      { type: 'bind', source: '/p/d', target: '/d', createHostPath: true, readOnly: false },
      { type: 'bind', source: '/e', target: '/e', createHostPath: true, readOnly: true, selinux: 'Z' },
    ]);
  });

  it('long syntax: bind.propagation, bind.create_host_path (true when left out), bind.selinux, volume.nocopy, tmpfs.size and tmpfs.mode', () => {
    assert.deepEqual(specs([
      { type: 'bind', source: '/srv', target: '/srv', bind: { propagation: 'shared', create_host_path: false } },
      { type: 'bind', source: '/opt', target: '/opt' },
      { type: 'bind', source: '/var', target: '/var', bind: { selinux: 'z', create_host_path: true } },
      { type: 'volume', source: 'data', target: '/data', volume: { nocopy: true }, consistency: 'cached' },
      { type: 'tmpfs', target: '/run', tmpfs: { size: '64m', mode: '01777' } },
      { type: 'tmpfs', target: '/scratch', tmpfs: { size: 1048576, mode: 448 } },
      { type: 'tmpfs', target: '/decimal', tmpfs: { mode: '1777' } },
    ]), [
      { type: 'bind', source: '/srv', target: '/srv', readOnly: false, createHostPath: false, propagation: 'shared' },
      { type: 'bind', source: '/opt', target: '/opt', readOnly: false, createHostPath: true },
      { type: 'bind', source: '/var', target: '/var', readOnly: false, createHostPath: true, selinux: 'z' },
      { type: 'volume', source: 'data', target: '/data', readOnly: false, noCopy: true },
      { type: 'tmpfs', target: '/run', readOnly: false, tmpfsSizeBytes: 67108864, tmpfsMode: 0o1777 },
      { type: 'tmpfs', target: '/scratch', readOnly: false, tmpfsSizeBytes: 1048576, tmpfsMode: 448 },
      // compose-go decodes the long syntax's mode with Go's base-0 rule: without a leading 0 it is decimal
      { type: 'tmpfs', target: '/decimal', readOnly: false, tmpfsMode: 1777 },
    ]);
  });

  it('refuses what the Engine API mounts cannot do, with the reason and the fix', () => {
    const key = 'c.yml: services.app.volumes[0]';
    assert.throws(() => specs(['data:/data:z']), isConfigError(key, /"z" applies only to bind mounts/));
    assert.throws(() => specs(['data:/data:rslave']), isConfigError(key, /"rslave" applies only to bind mounts/));
    assert.throws(() => specs(['/srv:/srv:nocopy']), isConfigError(key, /"nocopy" applies only to named volumes/));
    assert.throws(() => specs([{ type: 'bind', source: '/s', target: '/s', bind: { selinux: 'z', create_host_path: false } }]),
      isConfigError(`${key}.bind.selinux`, /cannot be used with create_host_path: false: .*Mounts, which cannot relabel/, /chcon/));
    assert.throws(() => specs([{ type: 'bind', source: '/s', target: '/s', bind: { selinux: 'shared' } }]), isConfigError(`${key}.bind.selinux`, /"shared" is not an SELinux option/, /z \(shared\) or Z/));
    assert.throws(() => specs([{ type: 'bind', source: '/a:b', target: '/s' }]), isConfigError(key, /a path with ":" cannot be given to the engine as a bind that creates its host path/, /create_host_path: false/));
    assert.doesNotThrow(() => specs([{ type: 'bind', source: '/a:b', target: '/s', bind: { create_host_path: false } }]));
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
