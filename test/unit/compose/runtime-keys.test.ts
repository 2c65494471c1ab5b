import assert from 'node:assert/strict';
import { ComposeLocation } from '../../../src/compose/compose-location';
import { mergeRuntimeSettings } from '../../../src/compose/merge-runtime-settings';
import { composeServiceKeys } from '../../../src/compose/compose-service-keys';
import { parseRuntimeKeys, runtimeKeys } from '../../../src/compose/runtime-keys';
import { keyNotes, serviceKeyPolicies } from '../../../src/compose/service-key-policy';
import { isConfigError } from './compose-fixtures';

describe('compose runtime keys: service keys carried to the engine', () => {
  const where = new ComposeLocation('c.yml', 'services.app');
  const read = (map: Record<string, unknown>): unknown => Object.assign({}, ...Object.values(parseRuntimeKeys(map, where)));

  it('reads each key in the forms Compose accepts', () => {
    assert.deepEqual(read({ dns: '10.0.0.2', dns_search: ['a.internal'], cap_add: ['NET_ADMIN'], group_add: ['audio', 1001], stdin_open: 'true' }), {
      dns: ['10.0.0.2'], dnsSearch: ['a.internal'], capAdd: ['NET_ADMIN'], groupAdd: ['audio', '1001'], stdinOpen: true,
    });
    assert.deepEqual(read({ extra_hosts: ['a:10.0.0.1', 'b=10.0.0.2', 'c=[::1]'] }), { extraHosts: ['a:10.0.0.1', 'b:10.0.0.2', 'c:::1'] });
    assert.deepEqual(read({ extra_hosts: { a: '10.0.0.1', b: ['10.0.0.2', '10.0.0.3'] } }), { extraHosts: ['a:10.0.0.1', 'b:10.0.0.2', 'b:10.0.0.3'] });
    assert.deepEqual(read({ devices: ['/dev/fuse', '/dev/sda:/dev/xvda:r', { source: '/dev/zero', target: '/dev/z', permissions: 'rw' }] }), {
      devices: [
        { pathOnHost: '/dev/fuse', pathInContainer: '/dev/fuse', permissions: 'rwm' },
        { pathOnHost: '/dev/sda', pathInContainer: '/dev/xvda', permissions: 'r' },
        { pathOnHost: '/dev/zero', pathInContainer: '/dev/z', permissions: 'rw' },
      ],
    });
    assert.deepEqual(read({ ulimits: { nproc: 512, nofile: { soft: 1024, hard: 2048 } } }), { ulimits: { nproc: { soft: 512, hard: 512 }, nofile: { soft: 1024, hard: 2048 } } });
    assert.deepEqual(read({ sysctls: ['net.core.somaxconn=1024'], logging: { driver: 'local', options: { 'max-size': '10m' } } }), {
      sysctls: { 'net.core.somaxconn': '1024' }, logging: { driver: 'local', options: { 'max-size': '10m' } },
    });
    assert.deepEqual(read({ cpus: '1.5', mem_limit: '1g', mem_reservation: 1048576, memswap_limit: -1, shm_size: '64m', pids_limit: -1, oom_score_adj: -1000 }), {
      nanoCpus: 1_500_000_000, memLimitBytes: 1024 ** 3, memReservationBytes: 1048576, memswapLimitBytes: -1, shmSizeBytes: 64 * 1024 ** 2, pidsLimit: -1, oomScoreAdj: -1000,
    });
  });

  it('refuses a bad value with the key path and the accepted forms (exit 2)', () => {
    assert.throws(() => read({ privileged: 'yes' }), isConfigError('c.yml: services.app.privileged', /must be true or false/));
    assert.throws(() => read({ cpus: 'two' }), isConfigError('c.yml: services.app.cpus', /must be a number of CPUs/, /cpus: 0\.5/));
    assert.throws(() => read({ mem_limit: '1 gigabyte' }), isConfigError('c.yml: services.app.mem_limit', /is not a size/));
    assert.throws(() => read({ oom_score_adj: 5000 }), isConfigError('c.yml: services.app.oom_score_adj', /from -1000 to 1000/));
    assert.throws(() => read({ extra_hosts: ['nohost'] }), isConfigError('c.yml: services.app.extra_hosts[0]', /has no address/));
    assert.throws(() => read({ devices: ['nvidia.com/gpu=all'] }), isConfigError('c.yml: services.app.devices[0]', /not CDI device names/));
    assert.throws(() => read({ devices: ['/dev/a:/dev/b:rx'] }), isConfigError('c.yml: services.app.devices[0]', /"rx" is not a set of device permissions/));
    assert.throws(() => read({ ulimits: { nofile: { soft: 10, hard: 5 } } }), isConfigError('c.yml: services.app.ulimits.nofile', /soft 10 is above hard 5/));
    assert.throws(() => read({ logging: { driver: 'syslog', opts: {} } }), isConfigError('c.yml: services.app.logging.opts', /is not a key of logging/));
    assert.throws(() => read({ pid: 'service:db' }), isConfigError('c.yml: services.app.pid', /not supported/));
    assert.throws(() => read({ cgroup: 'shared' }), isConfigError('c.yml: services.app.cgroup', /"shared" is not accepted/, /host, private/));
  });

  it('merges two files as the Compose specification says: lists appended once each, maps by key, scalars replaced, logging options kept for the same driver', () => {
    assert.deepEqual(
      mergeRuntimeSettings(
        { capAdd: ['A', 'B'], sysctls: { a: '1', b: '1' }, hostname: 'one', logging: { driver: 'json-file', options: { 'max-size': '1m', 'max-file': '2' } }, devices: [{ pathOnHost: '/dev/a', pathInContainer: '/dev/x', permissions: 'rwm' }] },
        { capAdd: ['B', 'C'], sysctls: { b: '2' }, hostname: 'two', logging: { options: { 'max-file': '5' } }, devices: [{ pathOnHost: '/dev/b', pathInContainer: '/dev/x', permissions: 'r' }] },
      ),
      { capAdd: ['A', 'B', 'C'], sysctls: { a: '1', b: '2' }, hostname: 'two', logging: { driver: 'json-file', options: { 'max-size': '1m', 'max-file': '5' } }, devices: [{ pathOnHost: '/dev/b', pathInContainer: '/dev/x', permissions: 'r' }] },
    );
    assert.deepEqual(mergeRuntimeSettings({ logging: { driver: 'json-file', options: { 'max-size': '1m' } } }, { logging: { driver: 'syslog', options: {} } }), { logging: { driver: 'syslog', options: {} } });
  });

  it('no service key of the Compose specification is dropped silently: each is read, carried to the engine, refused or warned about', () => {
    const read = ['image', 'build', 'command', 'entrypoint', 'environment', 'env_file', 'labels', 'ports', 'expose', 'healthcheck', 'restart', 'user', 'working_dir',
      'volumes', 'tmpfs', 'networks', 'network_mode', 'depends_on', 'stop_signal', 'stop_grace_period', 'deploy', 'scale', 'extends'];
    const handled = new Set([...read, ...Object.keys(runtimeKeys), ...Object.keys(serviceKeyPolicies)]);
    assert.deepEqual([...composeServiceKeys].filter((key) => !handled.has(key)), []);
    const twice = Object.keys(runtimeKeys).filter((key) => read.includes(key) || serviceKeyPolicies[key] !== undefined);
    assert.deepEqual(twice, [], 'a key has one fate');
  });

  it('every other key of the Compose specification is refused or warned about, with the reason and the fix', () => {
    const notes = keyNotes(['secrets', 'configs', 'container_name', 'links', 'volumes_from', 'profiles', 'develop', 'image'], where);
    assert.deepEqual(notes.map((n) => `${n.action} ${n.at}`), [
      'refuse c.yml: services.app.secrets', 'refuse c.yml: services.app.configs', 'refuse c.yml: services.app.container_name', 'refuse c.yml: services.app.links',
      'refuse c.yml: services.app.volumes_from', 'warn c.yml: services.app.profiles', 'warn c.yml: services.app.develop',
    ]);
    for (const note of notes) assert.ok(note.reason !== '' && note.fix !== '', note.key);
  });
});
