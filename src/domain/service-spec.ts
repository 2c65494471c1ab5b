/**
 * A Compose service as docker-flow understands it, after parsing, merging several files,
 * interpolating variables and reading env files. Produced by `compose/`, consumed by the planners.
 */
export interface PortSpec {
  readonly containerPort: number;
  readonly protocol: 'tcp' | 'udp';
  /** Absent: Docker picks a free host port (the only form that allows blue-green and scale > 1). */
  readonly hostPort?: number;
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
  /** Compose network keys this service joins (`default` when the file names none). */
  readonly networks: readonly string[];
  readonly dependsOn: readonly string[];
  readonly stopSignal?: string;
  readonly stopGracePeriodMs?: number;
  readonly replicas?: number;
  readonly placement: PlacementSpec;
}

export interface NetworkSpec {
  /** The name on the engine: `<project>_<key>` unless `name:` or external. */
  readonly name: string;
  readonly external: boolean;
  readonly driver?: string;
}

export interface NamedVolumeSpec {
  readonly name: string;
  readonly external: boolean;
  readonly driver?: string;
}

export interface ComposeModel {
  readonly services: Readonly<Record<string, ServiceSpec>>;
  /** Keyed by the Compose network key (e.g. `default`, `backend`). */
  readonly networks: Readonly<Record<string, NetworkSpec>>;
  /** Keyed by the Compose volume key. */
  readonly volumes: Readonly<Record<string, NamedVolumeSpec>>;
}
