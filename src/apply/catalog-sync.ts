import type { DockerEngine } from '../adapters/docker/docker-engine';
import type { CatalogInstance, ServiceCatalog } from '../adapters/state/service-catalog';
import type { ContainerInfo } from '../domain/container';
import { catalogName } from '../domain/names';

/** The catalog entry of a docker-flow target instance: its first published TCP port at its host's address. */
export function catalogInstanceOf(info: ContainerInfo, engine: DockerEngine): CatalogInstance | undefined {
  if (info.role !== 'target' || info.project === undefined || info.target === undefined) return undefined;
  const port = info.publishedPorts.find((p) => p.protocol === 'tcp');
  if (port === undefined) return undefined;
  const address = port.hostIp === '0.0.0.0' || port.hostIp === '' || port.hostIp === '::' ? engine.host.address : port.hostIp;
  return {
    id: `${engine.host.name}:${info.name}`,
    name: catalogName(info.project, info.target, info.color),
    address,
    port: port.hostPort,
    tags: [`release-${info.release ?? 0}`, ...(info.color === undefined ? [] : [`color-${info.color}`]), `host-${engine.host.name}`],
    container: info.name,
    host: engine.host.name,
  };
}

/** After an instance is healthy: register it (only then does the catalog send traffic its way). */
export async function registerHealthy(catalog: ServiceCatalog, engine: DockerEngine, container: string, signal: AbortSignal): Promise<void> {
  const info = await engine.inspectContainer(container, signal);
  const instance = info === undefined ? undefined : catalogInstanceOf(info, engine);
  if (instance !== undefined) await catalog.register(instance, signal);
}

/** Before an instance stops or is removed: take it out of the catalog. */
export async function deregister(catalog: ServiceCatalog, engine: DockerEngine, container: string, signal: AbortSignal): Promise<void> {
  await catalog.deregister(`${engine.host.name}:${container}`, signal);
}
