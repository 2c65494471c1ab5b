import type Dockerode from 'dockerode';
import type { ContainerCreateSpec, ContainerInfo } from '../../domain/container';
import type { HostSpec } from '../../domain/host';
import type { NetworkSettings, VolumeSettings } from '../../domain/resource-spec';
import type { Logger } from '../../logger';
import { createContainer } from './create-container';
import type { AttachedIo, EngineLogLine, LogReadOptions, DockerEngine, EngineEvent, RunOnceResult } from '../../ports/docker-engine';
import { containerLogs } from './container-logs';
import { execAttached } from './exec-attached';
import { runAttached } from './run-attached';
import { EngineCaller, type Schedule } from './engine-caller';
import { engineEvents } from './engine-events';
import { execCommand } from './exec-command';
import { stringAt } from '../../domain/json-fields';
import { inspectContainer, listContainers } from './list-containers';
import { mapImageInspect, mapImageList, type ImageSummary } from './map-image';
import { mapNetwork, mapVolume, networkCreateBody, volumeCreateBody } from './map-resources';
import { pullImage } from './pull-image';
import { removeImage } from './remove-image';
import { runOnce } from './run-once';
import { engineFailureOf } from './translate-error';

export interface DockerodeEngineOptions {
  readonly apiTimeoutMs: number;
  readonly logger: Logger;
  /** Builds the client on first use (may read TLS files); see connectEngine. */
  readonly createClient: (signal: AbortSignal) => Promise<Dockerode>;
  readonly schedule?: Schedule;
}

type Labels = Readonly<Record<string, string>>;

/** DockerEngine over dockerode for one host. Every call goes through EngineCaller. */
export class DockerodeEngine implements DockerEngine {
  private readonly caller: EngineCaller;
  private readonly logger: Logger;

  constructor(readonly host: HostSpec, options: DockerodeEngineOptions) {
    this.logger = options.logger.child({ host: host.name });
    this.caller = new EngineCaller(host, this.logger, options.apiTimeoutMs, options.createClient, options.schedule);
  }

  async ping(signal: AbortSignal): Promise<void> {
    // GET /containers/json?limit=1 rather than /_ping: @types/dockerode gives ping no options, and
    // a probe of a host that drops packets must be abortable (it also proves we may use the API).
    await this.caller.call('ping', signal, (docker, s) => docker.listContainers({ limit: 1, abortSignal: s }));
  }

  listContainers(labels: Readonly<Record<string, string | true>>, signal: AbortSignal): Promise<readonly ContainerInfo[]> {
    return listContainers(this.caller, labels, signal);
  }

  inspectContainer(idOrName: string, signal: AbortSignal): Promise<ContainerInfo | undefined> {
    return inspectContainer(this.caller, idOrName, signal);
  }

  hasImage(ref: string, signal: AbortSignal): Promise<boolean> {
    return this.caller.call('inspect image', signal, async (docker) => (await docker.getImage(ref).inspect(), true), {
      target: ref,
      onNotFound: () => false,
    });
  }

  pullImage(ref: string, signal: AbortSignal): Promise<void> {
    return pullImage(this.caller, ref, this.logger, signal);
  }

  inspectImage(ref: string, signal: AbortSignal): Promise<{ readonly id: string; readonly repoDigests: readonly string[] } | undefined> {
    return this.caller.call('inspect image', signal, async (docker) => mapImageInspect(await docker.getImage(ref).inspect()), {
      target: ref,
      onNotFound: () => undefined,
    });
  }

  async inspectNetwork(name: string, signal: AbortSignal): Promise<NetworkSettings | undefined> {
    // listNetworks honours the abort signal (network inspect does not); its name filter matches substrings.
    const found: readonly unknown[] = await this.caller.call('list networks', signal, (docker, s) =>
      docker.listNetworks({ filters: { name: [name] }, abortSignal: s }), { target: name });
    const network = found.find((item) => stringAt(item, 'Name') === name);
    return network === undefined ? undefined : mapNetwork(network);
  }

  async createNetwork(settings: NetworkSettings, labels: Labels, signal: AbortSignal): Promise<void> {
    await this.tolerateConflict(this.caller.call('create network', signal, (docker, s) =>
      docker.createNetwork({ ...networkCreateBody(settings, labels), abortSignal: s }), { target: settings.name }));
  }

  inspectVolume(name: string, signal: AbortSignal): Promise<VolumeSettings | undefined> {
    return this.caller.call('inspect volume', signal, async (docker, s) => mapVolume(await docker.getVolume(name).inspect({ abortSignal: s })), {
      target: name,
      onNotFound: () => undefined,
    });
  }

  async createVolume(settings: VolumeSettings, labels: Labels, signal: AbortSignal): Promise<void> {
    await this.caller.call('create volume', signal, (docker, s) => docker.createVolume({ ...volumeCreateBody(settings, labels), abortSignal: s }), { target: settings.name });
  }

  createContainer(spec: ContainerCreateSpec, signal: AbortSignal): Promise<string> {
    return createContainer(this.caller, spec, signal);
  }

  async startContainer(id: string, signal: AbortSignal): Promise<void> {
    await this.caller.call('start container', signal, (docker, s) => docker.getContainer(id).start({ abortSignal: s }), {
      target: id,
      onNotModified: () => undefined,
    });
  }

  async stopContainer(id: string, graceSec: number, signal: AbortSignal): Promise<void> {
    await this.caller.call('stop container', signal, (docker, s) => docker.getContainer(id).stop({ t: graceSec, abortSignal: s }), {
      target: id,
      timeoutMs: this.caller.apiTimeoutMs + graceSec * 1000,
      onNotModified: () => undefined,
    });
  }

  async removeContainer(id: string, signal: AbortSignal): Promise<void> {
    const removal = this.caller.call('remove container', signal, (docker, s) => docker.getContainer(id).remove({ force: true, v: true, abortSignal: s }), {
      target: id,
      onNotFound: () => undefined,
    });
    await removal.catch((error: unknown) => {
      const failure = engineFailureOf(error);
      if (failure?.kind !== 'conflict' || !/already in progress/i.test(failure.message)) throw error;
    });
  }

  async killContainer(id: string, signalName: string, signal: AbortSignal): Promise<void> {
    await this.caller.call('kill container', signal, (docker, s) => docker.getContainer(id).kill({ signal: signalName, abortSignal: s }), { target: id });
  }

  async putArchive(id: string, path: string, tar: Buffer, signal: AbortSignal): Promise<void> {
    await this.caller.call('put archive', signal, (docker, s) => docker.getContainer(id).putArchive(tar, { path, abortSignal: s }), {
      target: `${id}:${path}`,
    });
  }

  exec(id: string, cmd: readonly string[], signal: AbortSignal): Promise<{ readonly exitCode: number; readonly output: string }> {
    return execCommand(this.caller, id, cmd, signal);
  }

  runOnce(spec: ContainerCreateSpec, onOutput: (chunk: string) => void, timeoutMs: number, signal: AbortSignal): Promise<RunOnceResult> {
    return runOnce(this.caller, spec, onOutput, timeoutMs, signal);
  }

  containerLogs(id: string, options: LogReadOptions, onLine: (line: EngineLogLine) => void, signal: AbortSignal): Promise<void> {
    return containerLogs(this.caller, id, options, onLine, signal);
  }

  execAttached(id: string, cmd: readonly string[], io: AttachedIo, signal: AbortSignal): Promise<number> {
    return execAttached(this.caller, id, cmd, io, signal);
  }

  runAttached(spec: ContainerCreateSpec, io: AttachedIo, signal: AbortSignal): Promise<number> {
    return runAttached(this.caller, spec, io, signal);
  }

  events(labels: Readonly<Record<string, string | true>>, signal: AbortSignal): AsyncIterable<EngineEvent> {
    return engineEvents(this.caller, labels, signal);
  }

  async listImages(repository: string, signal: AbortSignal): Promise<readonly ImageSummary[]> {
    const images: readonly unknown[] = await this.caller.call('list images', signal, (docker, s) =>
      docker.listImages({ filters: { reference: [repository] }, abortSignal: s }), { target: repository });
    return mapImageList(images);
  }

  removeImage(idOrRef: string, signal: AbortSignal): Promise<void> {
    return removeImage(this.caller, idOrRef, signal);
  }

  private async tolerateConflict(call: Promise<unknown>): Promise<void> {
    await call.catch((error: unknown) => {
      if (engineFailureOf(error)?.kind !== 'conflict') throw error;
    });
  }
}
