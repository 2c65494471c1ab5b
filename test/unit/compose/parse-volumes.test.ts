import assert from 'node:assert/strict';
import { ComposeLocation } from '../../../src/compose/compose-location';
import { parseServiceVolumes, parseTmpfs } from '../../../src/compose/parse-volumes';
import { isConfigError } from './compose-fixtures';

describe('parseServiceVolumes', () => {
  const where = new ComposeLocation('docker-compose.yml', 'services.app.volumes');
  const context = { projectDir: '/srv/project', homeDir: '/home/ops' };
  const specs = (items: readonly unknown[]) => parseServiceVolumes(items, where, context).map((entry) => entry.spec);

  it('short syntax: binds start with / . or ~, anything else is a named volume', () => {
    assert.deepEqual(specs(['/data:/data', './conf:/etc/app:ro', '../shared:/shared:rw', '~/cache:/cache', '~:/home', '.:/app', 'db:/var/lib/db:ro,nocopy', '/anon']), [
      { type: 'bind', source: '/data', target: '/data', createHostPath: true, readOnly: false },
      { type: 'bind', source: '/srv/project/conf', target: '/etc/app', createHostPath: true, readOnly: true },
      { type: 'bind', source: '/srv/shared', target: '/shared', createHostPath: true, readOnly: false },
      { type: 'bind', source: '/home/ops/cache', target: '/cache', createHostPath: true, readOnly: false },
      { type: 'bind', source: '/home/ops', target: '/home', createHostPath: true, readOnly: false },
      { type: 'bind', source: '/srv/project', target: '/app', createHostPath: true, readOnly: false },
      { type: 'volume', source: 'db', target: '/var/lib/db', readOnly: true, noCopy: true },
      { type: 'volume', target: '/anon', readOnly: false },
    ]);
  });

  it('long syntax', () => {
    assert.deepEqual(specs([
      { type: 'bind', source: './site', target: '/www', read_only: true },
      { type: 'volume', source: 'data', target: '/data' },
      { target: '/scratch' },
      { type: 'tmpfs', target: '/tmp', tmpfs: { size: 1000 } },
    ]), [
      { type: 'bind', source: '/srv/project/site', target: '/www', createHostPath: true, readOnly: true },
      { type: 'volume', source: 'data', target: '/data', readOnly: false },
      { type: 'volume', target: '/scratch', readOnly: false },
      { type: 'tmpfs', target: '/tmp', readOnly: false, tmpfsSizeBytes: 1000 },
    ]);
  });

  it('rejects bad entries naming the index and the accepted forms', () => {
    const key = 'docker-compose.yml: services.app.volumes[0]';
    assert.throws(() => specs(['./a:relative']), isConfigError(key, /container path "relative" must be absolute/, /"\.\/data:\/data"/));
    assert.throws(() => specs(['/a:/b:rx']), isConfigError(key, /unknown mode "rx"/));
    assert.throws(() => specs(['/a:/b:ro:extra']), isConfigError(key, /too many ":"/));
    assert.throws(() => specs([':/b']), isConfigError(key, /source before ":" is empty/));
    assert.throws(() => specs([{ type: 'bind', target: '/b' }]), isConfigError(key, /a bind mount needs a source path/));
    assert.throws(() => specs([{ type: 'npipe', source: 'x', target: '/b' }]), isConfigError('docker-compose.yml: services.app.volumes[0].type', /"npipe" is not a volume type/, /bind, volume or tmpfs/));
    assert.throws(() => specs([{ source: 'x' }]), isConfigError('docker-compose.yml: services.app.volumes[0].target', /must be a string/));
    assert.throws(() => specs(['~bob/data:/data']), isConfigError(key, /only ~\/ .* is supported, not ~user/));
    assert.throws(() => specs([42]), isConfigError(key, /must be a string, found number 42/));
  });
});

describe('parseTmpfs', () => {
  it('reads one path or a list, keeping only the path', () => {
    const where = new ComposeLocation('docker-compose.yml', 'services.app.tmpfs');
    assert.deepEqual(parseTmpfs('/run', where).map((e) => e.spec), [{ type: 'tmpfs', target: '/run', readOnly: false }]);
    assert.deepEqual(parseTmpfs(['/run:size=64m', '/tmp'], where).map((e) => e.spec.target), ['/run', '/tmp']);
  });
});
