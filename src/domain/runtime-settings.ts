/**
 * The Compose service settings docker-flow carries unchanged to every container it creates for the
 * service, as Compose does (docker/compose pkg/compose/create.go: getCreateConfigs and
 * getDeployResources). Absent: the key was not written, and the engine's default holds.
 * The docker adapter maps each field to the Engine API's create body (map-runtime-settings.ts).
 */
export interface RuntimeSettings {
  // Config
  readonly hostname?: string;
  readonly domainname?: string;
  readonly tty?: boolean;
  readonly stdinOpen?: boolean;
  // HostConfig
  readonly privileged?: boolean;
  readonly init?: boolean;
  readonly readOnly?: boolean;
  readonly capAdd?: readonly string[];
  readonly capDrop?: readonly string[];
  readonly dns?: readonly string[];
  readonly dnsSearch?: readonly string[];
  readonly dnsOpt?: readonly string[];
  readonly securityOpt?: readonly string[];
  readonly groupAdd?: readonly string[];
  /** `host:address`, as the engine takes them (an IPv6 address as written, without brackets). */
  readonly extraHosts?: readonly string[];
  readonly devices?: readonly DeviceMapping[];
  readonly deviceCgroupRules?: readonly string[];
  readonly sysctls?: Readonly<Record<string, string>>;
  readonly storageOpt?: Readonly<Record<string, string>>;
  /** By name (nofile, nproc, ...). */
  readonly ulimits?: Readonly<Record<string, { readonly soft: number; readonly hard: number }>>;
  readonly logging?: { readonly driver?: string; readonly options: Readonly<Record<string, string>> };
  readonly shmSizeBytes?: number;
  readonly memLimitBytes?: number;
  readonly memReservationBytes?: number;
  /** -1: unlimited swap. */
  readonly memswapLimitBytes?: number;
  readonly memSwappiness?: number;
  /** `cpus: 1.5` → 1.5e9. */
  readonly nanoCpus?: number;
  readonly cpuShares?: number;
  readonly cpuQuota?: number;
  readonly cpuPeriod?: number;
  readonly cpuRtPeriod?: number;
  readonly cpuRtRuntime?: number;
  readonly cpuset?: string;
  readonly pidsLimit?: number;
  readonly oomScoreAdj?: number;
  readonly oomKillDisable?: boolean;
  readonly pid?: string;
  readonly ipc?: string;
  readonly uts?: string;
  readonly usernsMode?: string;
  readonly cgroup?: string;
  readonly cgroupParent?: string;
  readonly runtime?: string;
}

export interface DeviceMapping {
  readonly pathOnHost: string;
  readonly pathInContainer: string;
  /** r, w and m in any combination; rwm when not written. */
  readonly permissions: string;
}
