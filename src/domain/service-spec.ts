import type { RuntimeSettings } from './runtime-settings';
import type { NetworkSettings, VolumeSettings } from './resource-spec';

/**
 * A Compose service as docker-flow understands it, after parsing, merging several files,
 * interpolating variables and reading env files. Produced by `compose/`, consumed by the planners.
 */
export interface PortSpec {
  readonly containerPort: number;
  readonly protocol: 'tcp' | 'udp';
  /** Absent: Docker picks a free host port (the only form that allows blue-green and scale > 1). */
  readonly hostPort?: number;
  /**
   * A host port range for this one container port (`6005-6015:80`): hostPort..hostPortEnd; the
   * engine gives each instance a free port of the range, so as many instances fit on a host.
   */
  readonly hostPortEnd?: number;
  /** Absent: bind to the host's address (see HostSpec.address), never 0.0.0.0 by default. */
  readonly hostIp?: string;
}

export interface HealthcheckSpec {
  /** Docker's form: ["CMD", ...args], ["CMD-SHELL", "cmd"] or ["NONE"]. */
  readonly test: readonly string[];
  readonly intervalMs?: number;
  readonly timeoutMs?: number;
  readonly retries?: number;
  readonly startPeriodMs?: number;
}

export interface VolumeSpec {
  readonly type: 'bind' | 'volume' | 'tmpfs';
  /** Host path (bind, already made absolute) or volume name (volume; absent = anonymous). */
  readonly source?: string;
  readonly target: string;
  readonly readOnly: boolean;
  /** Bind mounts: `bind.propagation` or a short-syntax mode (rprivate, shared, rslave, ...). */
  readonly propagation?: 'private' | 'rprivate' | 'shared' | 'rshared' | 'slave' | 'rslave';
  /**
   * Bind mounts: create a missing host path as a directory, on the host the container runs on
   * (Compose's default for the short and the long syntax; `bind.create_host_path: false` turns it off).
   */
  readonly createHostPath?: boolean;
  /** Bind mounts: SELinux relabelling, `z` (shared) or `Z` (private): the short-syntax mode or `bind.selinux`. */
  readonly selinux?: 'z' | 'Z';
  /** Volumes: `volume.nocopy` or the short-syntax `nocopy` (do not copy the image's files into a new volume). */
  readonly noCopy?: boolean;
  /** tmpfs: `tmpfs.size` or `size=` of the service's `tmpfs:` entry. */
  readonly tmpfsSizeBytes?: number;
  /** tmpfs: `tmpfs.mode` or `mode=` (file mode, e.g. 0o1777). */
  readonly tmpfsMode?: number;
}

/**
 * `network_mode:` (instead of networks): the host's network stack, none, or the namespace of
 * another container (a service's: its side-target container; or a container by name).
 */
export type NetworkMode =
  | { readonly kind: 'host' }
  | { readonly kind: 'none' }
  | { readonly kind: 'bridge' }
  | { readonly kind: 'service'; readonly service: string }
  | { readonly kind: 'container'; readonly container: string };

/** Options of one network a service joins (`networks: {backend: {aliases: [...], priority: 10}}`). */
export interface ServiceNetworkOptions {
  /** Extra names of the container on that network, besides the service name and release target. */
  readonly aliases: readonly string[];
  /** Endpoint driver options (`driver_opts:`). */
  readonly driverOpts: Readonly<Record<string, string>>;
  /** Higher priorities are connected first (the first network is given at create time). */
  readonly priority?: number;
}

export type DependencyCondition = 'service_started' | 'service_healthy' | 'service_completed_successfully';

/** One `depends_on` entry, short syntax read as Compose does (`service_started`, required). */
export interface DependencySpec {
  readonly service: string;
  readonly condition: DependencyCondition;
  /** `required: false`: a side target that does not get ready (healthy, or exited 0) is a warning, not a failure. */
  readonly required: boolean;
}

export interface PlacementSpec {
  /** Swarm-style constraints, e.g. `node.hostname == h2`, `node.labels.zone != a`. */
  readonly constraints: readonly string[];
  readonly maxReplicasPerNode?: number;
}

export interface ServiceSpec {
  readonly name: string;
  readonly image: string;
  readonly command?: readonly string[];
  readonly entrypoint?: readonly string[];
  /** environment and env_file merged (environment wins), values interpolated. */
  readonly environment: Readonly<Record<string, string>>;
  /**
   * Variable names whose values may be shown (`x-docker-flow-safe-env:`), sorted; --dry-run shows
   * every other environment value as <redacted>.
   */
  readonly safeEnv: readonly string[];
  readonly labels: Readonly<Record<string, string>>;
  readonly ports: readonly PortSpec[];
  readonly expose: readonly number[];
  readonly healthcheck?: HealthcheckSpec;
  /** Docker restart policy name: no | always | on-failure[:N] | unless-stopped. */
  readonly restart?: string;
  readonly user?: string;
  readonly workingDir?: string;
  readonly volumes: readonly VolumeSpec[];
  /** Compose network keys this service joins (`default` when the file names none, none with network_mode), highest priority first, then by name. */
  readonly networks: readonly string[];
  /** Per-network options, for the keys that have any. */
  readonly networkOptions: Readonly<Record<string, ServiceNetworkOptions>>;
  /** `network_mode:`; absent: the service joins `networks`. */
  readonly networkMode?: NetworkMode;
  /** `depends_on`, and the implicit dependency of `network_mode: service:<name>` (service_started), in file order. */
  readonly dependsOn: readonly DependencySpec[];
  readonly stopSignal?: string;
  readonly stopGracePeriodMs?: number;
  readonly replicas?: number;
  readonly placement: PlacementSpec;
  /** The keys carried unchanged to every container of the service (cap_add, mem_limit, logging, ...). */
  readonly runtime: RuntimeSettings;
  /** Keys docker-flow refuses or leaves out with a warning, raised when the service is deployed. */
  readonly keyNotes: readonly KeyNote[];
}

/** A Compose key of a service that docker-flow refuses, or leaves out with a warning (see compose/service-key-policy). */
export interface KeyNote {
  /** The key under the service: `secrets`, `deploy.restart_policy`. */
  readonly key: string;
  /** Where it was written: `docker-compose.yml: services.app.secrets`. */
  readonly at: string;
  readonly action: 'refuse' | 'warn';
  readonly reason: string;
  readonly fix: string;
}

/**
 * A top-level network: its name on the engine is `<project>_<key>` unless `name:` or external;
 * every other setting is created with it (an external one has none: it must exist).
 */
export interface NetworkSpec extends NetworkSettings {
  readonly external: boolean;
}

/** A top-level named volume, like NetworkSpec. */
export interface NamedVolumeSpec extends VolumeSettings {
  readonly external: boolean;
}

export interface ComposeModel {
  readonly services: Readonly<Record<string, ServiceSpec>>;
  /** Keyed by the Compose network key (e.g. `default`, `backend`). */
  readonly networks: Readonly<Record<string, NetworkSpec>>;
  /** Keyed by the Compose volume key. */
  readonly volumes: Readonly<Record<string, NamedVolumeSpec>>;
  /** Top-level `name:` (the last file's) and where it was written. */
  readonly name?: { readonly value: string; readonly at: string };
}
