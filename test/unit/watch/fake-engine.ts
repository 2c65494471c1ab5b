import type { DockerEngine, EngineEvent } from '../../../src/ports/docker-engine';
import type { CatalogInstance } from '../../../src/domain/catalog-instance';
import type { ServiceCatalog } from '../../../src/ports/service-catalog';
import type { ContainerInfo } from '../../../src/domain/container';
import type { HostSpec } from '../../../src/domain/host';
import { host } from '../builders';

/** An engine holding containers in memory; events are pushed by the test. */
export class FakeEngine implements DockerEngine {
  readonly host: HostSpec;
  readonly containers = new Map<string, ContainerInfo>();
  private readonly listeners = new Set<(event: EngineEvent) => void>();
  down = false;
  /** When set, a listing takes its snapshot at once but answers only once this resolves (a slow engine). */
  listGate: Promise<void> | undefined;

  constructor(name: string, address = '10.0.0.1') {
    this.host = { ...host(name), address };
  }

  put(info: ContainerInfo): void {
    this.containers.set(info.id, info);
  }

  emit(action: string, info: ContainerInfo): void {
    for (const listener of this.listeners) listener({ action, containerId: info.id, containerName: info.name, labels: {}, host: this.host.name, timeNano: 0n });
  }

  ping(): Promise<void> {
    if (this.down) return Promise.reject(new Error(`engine ${this.host.name} is down`));
    return Promise.resolve();
  }
  async listContainers(): Promise<readonly ContainerInfo[]> {
    if (this.down) throw new Error(`engine ${this.host.name} is down`);
    const snapshot = [...this.containers.values()];
    await this.listGate;
    return snapshot;
  }
  inspectContainer(idOrName: string): Promise<ContainerInfo | undefined> {
    return Promise.resolve(this.containers.get(idOrName) ?? [...this.containers.values()].find((c) => c.name === idOrName));
  }
  async *events(_labels: unknown, signal: AbortSignal): AsyncIterable<EngineEvent> {
    if (this.down) throw new Error(`engine ${this.host.name} is down`);
    const queue: EngineEvent[] = [];
    let wake: (() => void) | undefined;
    const listener = (event: EngineEvent): void => {
      queue.push(event);
      wake?.();
    };
    this.listeners.add(listener);
    const onAbort = (): void => wake?.();
    signal.addEventListener('abort', onAbort);
    try {
      while (!signal.aborted) {
        const next = queue.shift();
        if (next !== undefined) yield next;
        else await new Promise<void>((resolve) => (wake = resolve));
      }
    } finally {
      this.listeners.delete(listener);
      signal.removeEventListener('abort', onAbort);
    }
  }
  hasImage = unused;
  pullImage = unused;
  inspectImage = unused;
  inspectNetwork = unused;
  createNetwork = unused;
  inspectVolume = unused;
  createVolume = unused;
  createContainer = unused;
  startContainer = unused;
  stopContainer = unused;
  removeContainer = unused;
  killContainer = unused;
  putArchive = unused;
  exec = unused;
  runOnce = unused;
  containerLogs = unused;
  execAttached = unused;
  runAttached = unused;
  listImages = unused;
  removeImage = unused;
}

function unused(): Promise<never> {
  return Promise.reject(new Error('not used by the watch loops'));
}

/** A catalog in memory that records every write. */
export class MemoryCatalog implements ServiceCatalog {
  readonly description = 'memory catalog';
  readonly entries = new Map<string, CatalogInstance>();
  readonly writes: string[] = [];

  register(instance: CatalogInstance): Promise<void> {
    this.writes.push(`register ${instance.id}`);
    this.entries.set(instance.id, instance);
    return Promise.resolve();
  }
  deregister(id: string): Promise<void> {
    this.writes.push(`deregister ${id}`);
    this.entries.delete(id);
    return Promise.resolve();
  }
  list(): Promise<readonly CatalogInstance[]> {
    return Promise.resolve([...this.entries.values()].sort((a, b) => a.id.localeCompare(b.id)));
  }
  async passingInstances(name: string): Promise<readonly CatalogInstance[]> {
    return (await this.list()).filter((i) => i.name === name);
  }
  waitForChange(): Promise<number> {
    return Promise.resolve(1);
  }
}
