import assert from 'node:assert/strict';
import { mapCreateSpec } from '../../../../src/adapters/docker/map-create-spec';
import type { ContainerCreateSpec } from '../../../../src/domain/container';

const spec: ContainerCreateSpec = {
  name: 'shop_api-blue_1',
  image: 'api:1',
  env: [],
  labels: {},
  exposedPorts: [],
  portBindings: [{ containerPort: 8080, protocol: 'tcp', hostIp: '127.0.0.1' }],
  mounts: [],
  networks: [{ name: 'shop_default', aliases: ['api'] }],
  restartPolicy: { name: 'always' },
};

describe('adapters/docker/map-runtime-settings: the keys carried to the create body', () => {
  it('maps every runtime setting to its Config / HostConfig field, as docker compose fills them', () => {
    const body = mapCreateSpec({
      ...spec,
      runtime: {
        hostname: 'api-host', domainname: 'example.internal', tty: true, stdinOpen: true,
        privileged: false, init: true, readOnly: true, capAdd: ['NET_ADMIN'], capDrop: ['ALL'], dns: ['10.0.0.2'], dnsSearch: ['example.internal'], dnsOpt: ['use-vc'],
        securityOpt: ['no-new-privileges:true'], groupAdd: ['audio'], extraHosts: ['db.local:10.0.0.5'],
        devices: [{ pathOnHost: '/dev/null', pathInContainer: '/dev/fake', permissions: 'rw' }], deviceCgroupRules: ['c 1:3 mr'],
        sysctls: { 'net.core.somaxconn': '1024' }, storageOpt: { size: '20G' }, ulimits: { nofile: { soft: 20000, hard: 40000 } },
        logging: { driver: 'json-file', options: { 'max-size': '10m' } }, shmSizeBytes: 64, memLimitBytes: 1024, memReservationBytes: 512, memswapLimitBytes: -1, memSwappiness: 10,
        nanoCpus: 500_000_000, cpuShares: 512, cpuQuota: 50000, cpuPeriod: 100000, cpuRtPeriod: 1000000, cpuRtRuntime: 0, cpuset: '0-1', pidsLimit: 100,
        oomScoreAdj: -500, oomKillDisable: false, pid: 'host', ipc: 'shareable', uts: 'host', usernsMode: 'host', cgroup: 'private', cgroupParent: 'df.slice', runtime: 'runc',
      },
    });
    assert.equal(body.Hostname, 'api-host');
    assert.equal(body.Domainname, 'example.internal');
    assert.equal(body.Tty, true);
    assert.equal(body.OpenStdin, true);
    const own = ['PortBindings', 'Mounts', 'AutoRemove', 'RestartPolicy', 'NetworkMode'];
    const carried: Record<string, unknown> = Object.fromEntries(Object.entries(body.HostConfig ?? {}).filter(([key]) => !own.includes(key)));
    assert.deepEqual(carried, {
      Privileged: false, Init: true, ReadonlyRootfs: true, CapAdd: ['NET_ADMIN'], CapDrop: ['ALL'], Dns: ['10.0.0.2'], DnsSearch: ['example.internal'], DnsOptions: ['use-vc'],
      SecurityOpt: ['no-new-privileges:true'], GroupAdd: ['audio'], ExtraHosts: ['db.local:10.0.0.5'],
      Devices: [{ PathOnHost: '/dev/null', PathInContainer: '/dev/fake', CgroupPermissions: 'rw' }], DeviceCgroupRules: ['c 1:3 mr'],
      Sysctls: { 'net.core.somaxconn': '1024' }, StorageOpt: { size: '20G' }, Ulimits: [{ Name: 'nofile', Soft: 20000, Hard: 40000 }],
      LogConfig: { Type: 'json-file', Config: { 'max-size': '10m' } }, ShmSize: 64, Memory: 1024, MemoryReservation: 512, MemorySwap: -1, MemorySwappiness: 10,
      NanoCpus: 500_000_000, CpuShares: 512, CpuQuota: 50000, CpuPeriod: 100000, CpuRealtimePeriod: 1000000, CpuRealtimeRuntime: 0, CpusetCpus: '0-1', PidsLimit: 100,
      OomScoreAdj: -500, OomKillDisable: false, PidMode: 'host', IpcMode: 'shareable', UTSMode: 'host', UsernsMode: 'host', CgroupnsMode: 'private', CgroupParent: 'df.slice', Runtime: 'runc',
    });
  });

  it('sends nothing for keys not written, and never lets a setting replace what docker-flow sets itself', () => {
    const plain = mapCreateSpec(spec);
    assert.deepEqual(Object.keys(plain.HostConfig ?? {}).sort(), ['AutoRemove', 'Mounts', 'NetworkMode', 'PortBindings', 'RestartPolicy']);
    assert.equal(plain.Hostname, undefined);
    const oneOff = mapCreateSpec({ ...spec, runtime: { tty: false, stdinOpen: false }, interactive: { stdin: true, tty: true } });
    assert.equal(oneOff.Tty, true, 'docker-flow run -t wins over tty: false');
    assert.equal(oneOff.OpenStdin, true);
    assert.equal(oneOff.name, 'shop_api-blue_1');
  });
});
