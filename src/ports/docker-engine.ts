import type { ContainerCreateSpec, ContainerInfo } from '../domain/container';
import type { HostSpec } from '../domain/host';
import type { NetworkSettings, VolumeSettings } from '../domain/resource-spec';
import type { Readable, Writable } from 'node:stream';

/** The user's side of an attached command (docker-flow exec / run): where output goes and, with -i, what feeds stdin. */
export interface AttachedIo {
  /** Present with -i: copied to the command's stdin; its end closes the command's stdin. */
  readonly stdin?: Readable;
  readonly stdout: Writable;
  readonly stderr: Writable;
  /** -t: the command gets a TTY (one raw output stream). */
  readonly tty: boolean;
  /** The terminal's size, for -t. */
  readonly size?: { readonly rows: number; readonly columns: number };
}

export interface LogReadOptions {
  /** Keep reading until the container stops (or the signal aborts). */
  readonly follow: boolean;
  /** Only lines after this time (UNIX seconds, fractions allowed). */
  readonly sinceSec?: number;
  /** Only the last N lines of each container. */
  readonly tail?: number;
}

/** One line of a container's output as the engine sent it: `<RFC 3339 time> <text>` (timestamps=1). */
export interface EngineLogLine {
  readonly line: string;
  readonly source: 'stdout' | 'stderr';
}

export interface EngineEvent {
  /** Engine event action: start, die, stop, destroy, health_status: healthy, ... */
  readonly action: string;
  readonly containerId: string;
  readonly containerName: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly host: string;
  readonly timeNano: bigint;
}

export interface RunOnceResult {
  readonly exitCode: number;
}

/**
 * One Docker engine (one host). Implemented by DockerodeEngine; every method takes an
 * AbortSignal and throws only DockerFlowError subclasses (UnreachableError, EngineError).
 * Nothing above the adapter sees dockerode or HTTP status codes.
 */
export interface DockerEngine {
  readonly host: HostSpec;
  ping(signal: AbortSignal): Promise<void>;
  /** All containers (running or not) carrying every given label; `true` means "label present". */
  listContainers(labels: Readonly<Record<string, string | true>>, signal: AbortSignal): Promise<readonly ContainerInfo[]>;
  /** Undefined when no container has that id or name. */
  inspectContainer(idOrName: string, signal: AbortSignal): Promise<ContainerInfo | undefined>;
  hasImage(ref: string, signal: AbortSignal): Promise<boolean>;
  /** Pulls through the Engine API (auth from Docker's config.json when present). */
  pullImage(ref: string, signal: AbortSignal): Promise<void>;
  /** Image ids and repo digests of a local image, for release records. */
  inspectImage(ref: string, signal: AbortSignal): Promise<{ readonly id: string; readonly repoDigests: readonly string[] } | undefined>;
  /** The network of that name as the engine reports it; undefined when there is none. */
  inspectNetwork(name: string, signal: AbortSignal): Promise<NetworkSettings | undefined>;
  /** Creates a network with these settings, `labels` added to its own; one of that name made meanwhile is not an error. */
  createNetwork(settings: NetworkSettings, labels: Readonly<Record<string, string>>, signal: AbortSignal): Promise<void>;
  inspectVolume(name: string, signal: AbortSignal): Promise<VolumeSettings | undefined>;
  createVolume(settings: VolumeSettings, labels: Readonly<Record<string, string>>, signal: AbortSignal): Promise<void>;
  /** Creates (not starts) a container; connects extra networks. Returns its id. */
  createContainer(spec: ContainerCreateSpec, signal: AbortSignal): Promise<string>;
  startContainer(id: string, signal: AbortSignal): Promise<void>;
  /** Stops with the given grace period (SIGTERM or the container's stop signal, then SIGKILL). No error when already stopped. */
  stopContainer(id: string, graceSec: number, signal: AbortSignal): Promise<void>;
  /** Removes (force). No error when already gone. */
  removeContainer(id: string, signal: AbortSignal): Promise<void>;
  /** Sends a signal to the main process of a running container (e.g. SIGUSR2 to reload HAProxy). */
  killContainer(id: string, signalName: string, signal: AbortSignal): Promise<void>;
  /** Copies a tar archive into a container at `path`. */
  putArchive(id: string, path: string, tar: Buffer, signal: AbortSignal): Promise<void>;
  /** Runs a command in a running container and returns its exit code and output. */
  exec(id: string, cmd: readonly string[], signal: AbortSignal): Promise<{ readonly exitCode: number; readonly output: string }>;
  /** Creates, starts, streams output of, waits for and removes a one-off container. */
  runOnce(spec: ContainerCreateSpec, onOutput: (chunk: string) => void, timeoutMs: number, signal: AbortSignal): Promise<RunOnceResult>;
  /** The container's output, line by line with the engine's timestamps; with `follow` until it stops (or the signal aborts). */
  containerLogs(id: string, options: LogReadOptions, onLine: (line: EngineLogLine) => void, signal: AbortSignal): Promise<void>;
  /** Runs `cmd` in a running container wired to the user's streams (-i, -t); returns its exit code. */
  execAttached(id: string, cmd: readonly string[], io: AttachedIo, signal: AbortSignal): Promise<number>;
  /** Creates, attaches to (-i, -t), starts, waits for and removes a one-off container; returns its exit code. */
  runAttached(spec: ContainerCreateSpec, io: AttachedIo, signal: AbortSignal): Promise<number>;
  /** Container events (start, die, destroy, health_status...) of containers carrying `labels`, until aborted. */
  events(labels: Readonly<Record<string, string | true>>, signal: AbortSignal): AsyncIterable<EngineEvent>;
  /** Images of a repository on this host, newest first. */
  listImages(repository: string, signal: AbortSignal): Promise<readonly { readonly id: string; readonly tags: readonly string[]; readonly createdSec: number }[]>;
  removeImage(idOrRef: string, signal: AbortSignal): Promise<void>;
}
