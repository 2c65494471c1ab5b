import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadCompose } from '../../../../src/compose/load-compose';
import { buildContainerSpec } from '../../../../src/domain/container-spec';
import { demoImage, ensureDemoImages, localEngine, localHost, never, raw, removeTestObjects, testLabel, uniqueName } from './docker-kit';

/** The keys docker-flow carries to the engine, from a compose file to the container the engine created (docker inspect). */
const compose = `
services:
  api:
    image: ${demoImage}
    labels: {io.docker-flow.test: docker-adapter}
    hostname: api-host
    domainname: example.internal
    init: true
    read_only: true
    cap_drop: [NET_RAW]
    cap_add: [SYS_PTRACE]
    security_opt: ["no-new-privileges:true"]
    dns: [10.0.0.2]
    dns_search: [example.internal]
    dns_opt: [use-vc]
    extra_hosts: ["db.local=10.0.0.5"]
    group_add: ["1001"]
    sysctls: {net.core.somaxconn: "1024"}
    ulimits: {nofile: {soft: 2048, hard: 4096}}
    logging: {driver: json-file, options: {max-size: 1m, max-file: "2"}}
    shm_size: 32m
    pids_limit: 200
    oom_score_adj: 100
    tty: true
    deploy:
      resources:
        limits: {memory: 256m}
        reservations: {memory: 64m}
`;

describe('adapters/docker: compose runtime keys on a container of the local engine', function () {
  this.timeout(120_000);
  before(ensureDemoImages);
  after(removeTestObjects);

  it('creates the container with every carried key, as docker inspect shows it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'df-runtime-keys-'));
    try {
      await writeFile(join(dir, 'compose.yaml'), compose);
      const model = await loadCompose({ paths: ['compose.yaml'], cwd: dir, project: 'dfadapter', env: {} });
      const service = model.services['api'];
      assert.ok(service !== undefined);
      const spec = { ...buildContainerSpec(model, service, { project: 'dfadapter', target: 'api', color: 'blue', number: 1, release: 1, role: 'target', host: localHost }), name: uniqueName('runtime'), networks: [] };
      assert.equal(spec.labels['io.docker-flow.test'], testLabel['io.docker-flow.test']);
      const engine = localEngine();
      const id = await engine.createContainer(spec, never());
      await engine.startContainer(id, never());
      const inspect = await raw.getContainer(id).inspect();
      assert.equal(inspect.State.Running, true, 'it runs with a read-only root and the other settings');
      assert.equal(inspect.Config.Hostname, 'api-host');
      assert.equal(inspect.Config.Domainname, 'example.internal');
      assert.equal(inspect.Config.Tty, true);
      const host = inspect.HostConfig;
      const seen: Record<string, unknown> = {
        Init: host.Init, ReadonlyRootfs: host.ReadonlyRootfs, CapAdd: host.CapAdd, CapDrop: host.CapDrop, SecurityOpt: host.SecurityOpt, Dns: host.Dns, DnsSearch: host.DnsSearch,
        DnsOptions: host.DnsOptions, ExtraHosts: host.ExtraHosts, GroupAdd: host.GroupAdd, Sysctls: host.Sysctls, Ulimits: host.Ulimits, LogConfig: host.LogConfig,
        ShmSize: host.ShmSize, PidsLimit: host.PidsLimit, OomScoreAdj: host.OomScoreAdj, Memory: host.Memory, MemoryReservation: host.MemoryReservation,
      };
      assert.deepEqual(
        seen,
        {
          Init: true, ReadonlyRootfs: true, CapAdd: ['SYS_PTRACE'], CapDrop: ['NET_RAW'], SecurityOpt: ['no-new-privileges:true'], Dns: ['10.0.0.2'], DnsSearch: ['example.internal'],
          DnsOptions: ['use-vc'], ExtraHosts: ['db.local:10.0.0.5'], GroupAdd: ['1001'], Sysctls: { 'net.core.somaxconn': '1024' }, Ulimits: [{ Name: 'nofile', Soft: 2048, Hard: 4096 }],
          LogConfig: { Type: 'json-file', Config: { 'max-size': '1m', 'max-file': '2' } }, ShmSize: 32 * 1024 ** 2, PidsLimit: 200, OomScoreAdj: 100,
          Memory: 256 * 1024 ** 2, MemoryReservation: 64 * 1024 ** 2,
        },
      );
      await engine.removeContainer(id, never());
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
