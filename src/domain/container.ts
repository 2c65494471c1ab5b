import type { RuntimeSettings } from './runtime-settings';
import type { Color } from './color';
import type { ContainerRole } from './labels';
import type { VolumeSpec } from './service-spec';

export type ContainerState = 'created' | 'running' | 'paused' | 'restarting' | 'removing' | 'exited' | 'dead';
/** Docker health status; `none` when the container has no health check. */
export type HealthState = 'none' | 'starting' | 'healthy' | 'unhealthy';

export interface PublishedPort {
  readonly containerPort: number;
  readonly protocol: 'tcp' | 'udp';
  readonly hostIp: string;
  readonly hostPort: number;
}

/** A container as observed on one engine, mapped from the Engine API in the docker adapter. */
export interface ContainerInfo {
  readonly id: string;
  /** Without the leading slash. */
  readonly name: string;
  /** HostSpec.name of the engine it runs on. */
  readonly host: string;
  readonly state: ContainerState;
  readonly health: HealthState;
  /** Last health check output, when there is one (for error messages). */
  readonly healthLog?: string;
  readonly image: string;
  readonly imageId: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly publishedPorts: readonly PublishedPort[];
  readonly restartCount: number;
  readonly exitCode?: number;
  /** ISO time; absent when never started. */
  readonly startedAt?: string;
  /** Seconds it gets to stop before it is killed (compose stop_grace_period); absent: the engine's default (10 s). */
  readonly stopTimeoutSec?: number;
  // Decoded from our labels (absent on containers docker-flow did not create):
  readonly project?: string;
  readonly target?: string;
  readonly color?: Color;
  readonly release?: number;
  readonly number?: number;
  readonly role?: ContainerRole;
}

export interface PortBinding {
  readonly containerPort: number;
  readonly protocol: 'tcp' | 'udp';
  readonly hostIp: string;
  /** Absent: the engine picks a free port. */
  readonly hostPort?: number;
  /** With hostPort: the engine picks a free port of hostPort..hostPortEnd. */
  readonly hostPortEnd?: number;
}

/** A mount of a container, as the compose volume gave it (bind paths absolute, volume names resolved). */
export type MountSpec = VolumeSpec;

export interface NetworkAttachment {
  readonly name: string;
  readonly aliases: readonly string[];
  /** Endpoint driver options; absent when none. */
  readonly driverOpts?: Readonly<Record<string, string>>;
}

/** Everything needed to create one container; built by a pure function in domain/. */
export interface ContainerCreateSpec {
  readonly name: string;
  readonly image: string;
  readonly command?: readonly string[];
  readonly entrypoint?: readonly string[];
  /** KEY=value */
  readonly env: readonly string[];
  readonly labels: Readonly<Record<string, string>>;
  readonly exposedPorts: readonly { readonly containerPort: number; readonly protocol: 'tcp' | 'udp' }[];
  readonly portBindings: readonly PortBinding[];
  readonly healthcheck?: {
    readonly test: readonly string[];
    readonly intervalMs?: number;
    readonly timeoutMs?: number;
    readonly retries?: number;
    readonly startPeriodMs?: number;
  };
  readonly restartPolicy?: { readonly name: string; readonly maximumRetryCount?: number };
  readonly user?: string;
  readonly workingDir?: string;
  readonly mounts: readonly MountSpec[];
  /** Engine network names; the first is given at create time, the rest connected before start. */
  readonly networks: readonly NetworkAttachment[];
  /** The engine's NetworkMode when the service has `network_mode:` (host, none, bridge, container:<name>); networks is then empty. */
  readonly networkMode?: string;
  readonly stopSignal?: string;
  readonly stopTimeoutSec?: number;
  /** The service's keys carried to the engine unchanged (cap_add, mem_limit, logging, ...); absent when it has none. */
  readonly runtime?: RuntimeSettings;
  /** One-off containers a user talks to (docker-flow run -i / -t): keep stdin open, allocate a TTY. */
  readonly interactive?: { readonly stdin: boolean; readonly tty: boolean };
}
