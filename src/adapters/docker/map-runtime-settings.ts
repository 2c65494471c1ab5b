import type { ContainerCreateOptions, HostConfig } from 'dockerode';
import type { RuntimeSettings } from '../../domain/runtime-settings';

/** HostConfig as the Engine API takes it since 1.41; @types/dockerode lacks CgroupnsMode. */
export type EngineHostConfig = HostConfig & { CgroupnsMode?: string };

/**
 * RuntimeSettings → the create body's Config and HostConfig fields, one for one as docker/compose
 * fills them (create.go: getCreateConfigs, getDeployResources). Only what was written is sent, so
 * the engine's defaults hold for the rest.
 */
export function mapRuntimeSettings(s: RuntimeSettings): { readonly config: Partial<ContainerCreateOptions>; readonly hostConfig: EngineHostConfig } {
  const config: Partial<ContainerCreateOptions> = {
    ...(s.hostname === undefined ? {} : { Hostname: s.hostname }),
    ...(s.domainname === undefined ? {} : { Domainname: s.domainname }),
    ...(s.tty === undefined ? {} : { Tty: s.tty }),
    ...(s.stdinOpen === undefined ? {} : { OpenStdin: s.stdinOpen }),
  };
  const hostConfig: EngineHostConfig = {
    ...(s.privileged === undefined ? {} : { Privileged: s.privileged }),
    ...(s.init === undefined ? {} : { Init: s.init }),
    ...(s.readOnly === undefined ? {} : { ReadonlyRootfs: s.readOnly }),
    ...(s.capAdd === undefined ? {} : { CapAdd: [...s.capAdd] }),
    ...(s.capDrop === undefined ? {} : { CapDrop: [...s.capDrop] }),
    ...(s.dns === undefined ? {} : { Dns: [...s.dns] }),
    ...(s.dnsSearch === undefined ? {} : { DnsSearch: [...s.dnsSearch] }),
    ...(s.dnsOpt === undefined ? {} : { DnsOptions: [...s.dnsOpt] }),
    ...(s.securityOpt === undefined ? {} : { SecurityOpt: [...s.securityOpt] }),
    ...(s.groupAdd === undefined ? {} : { GroupAdd: [...s.groupAdd] }),
    ...(s.extraHosts === undefined ? {} : { ExtraHosts: [...s.extraHosts] }),
    ...(s.devices === undefined ? {} : { Devices: s.devices.map((d) => ({ PathOnHost: d.pathOnHost, PathInContainer: d.pathInContainer, CgroupPermissions: d.permissions })) }),
    ...(s.deviceCgroupRules === undefined ? {} : { DeviceCgroupRules: [...s.deviceCgroupRules] }),
    ...(s.sysctls === undefined ? {} : { Sysctls: { ...s.sysctls } }),
    ...(s.storageOpt === undefined ? {} : { StorageOpt: { ...s.storageOpt } }),
    ...(s.ulimits === undefined ? {} : { Ulimits: Object.entries(s.ulimits).map(([Name, limit]) => ({ Name, Soft: limit.soft, Hard: limit.hard })) }),
    ...(s.logging === undefined ? {} : { LogConfig: { Type: s.logging.driver ?? '', Config: { ...s.logging.options } } }),
    ...(s.shmSizeBytes === undefined ? {} : { ShmSize: s.shmSizeBytes }),
    ...(s.memLimitBytes === undefined ? {} : { Memory: s.memLimitBytes }),
    ...(s.memReservationBytes === undefined ? {} : { MemoryReservation: s.memReservationBytes }),
    ...(s.memswapLimitBytes === undefined ? {} : { MemorySwap: s.memswapLimitBytes }),
    ...(s.memSwappiness === undefined ? {} : { MemorySwappiness: s.memSwappiness }),
    ...(s.nanoCpus === undefined ? {} : { NanoCpus: s.nanoCpus }),
    ...(s.cpuShares === undefined ? {} : { CpuShares: s.cpuShares }),
    ...(s.cpuQuota === undefined ? {} : { CpuQuota: s.cpuQuota }),
    ...(s.cpuPeriod === undefined ? {} : { CpuPeriod: s.cpuPeriod }),
    ...(s.cpuRtPeriod === undefined ? {} : { CpuRealtimePeriod: s.cpuRtPeriod }),
    ...(s.cpuRtRuntime === undefined ? {} : { CpuRealtimeRuntime: s.cpuRtRuntime }),
    ...(s.cpuset === undefined ? {} : { CpusetCpus: s.cpuset }),
    ...(s.pidsLimit === undefined ? {} : { PidsLimit: s.pidsLimit }),
    ...(s.oomScoreAdj === undefined ? {} : { OomScoreAdj: s.oomScoreAdj }),
    ...(s.oomKillDisable === undefined ? {} : { OomKillDisable: s.oomKillDisable }),
    ...(s.pid === undefined ? {} : { PidMode: s.pid }),
    ...(s.ipc === undefined ? {} : { IpcMode: s.ipc }),
    ...(s.uts === undefined ? {} : { UTSMode: s.uts }),
    ...(s.usernsMode === undefined ? {} : { UsernsMode: s.usernsMode }),
    ...(s.cgroup === undefined ? {} : { CgroupnsMode: s.cgroup }),
    ...(s.cgroupParent === undefined ? {} : { CgroupParent: s.cgroupParent }),
    ...(s.runtime === undefined ? {} : { Runtime: s.runtime }),
  };
  return { config, hostConfig };
}
