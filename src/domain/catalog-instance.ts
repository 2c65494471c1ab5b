import type { ContainerInfo } from './container';
import type { HostSpec } from './host';
import { catalogName } from './names';

/**
 * An entry of the service catalog (what registrator keeps in Consul): one per healthy instance,
 * under its catalog name `<project>-<target>-<color>`.
 */
export interface CatalogInstance {
  /** Unique id: `<host>:<container name>`. */
  readonly id: string;
  /** `<project>-<target>-<color>` (or `<project>-<target>` without blue-green). */
  readonly name: string;
  /** The host's address and the published port the proxy reaches the instance at. */
  readonly address: string;
  readonly port: number;
  /** Tags: `release-<n>`, `color-<c>`, `host-<name>`. */
  readonly tags: readonly string[];
  /** Container name, host name, for humans and for deregistration. */
  readonly container: string;
  readonly host: string;
}

/** The catalog entry of a docker-flow target instance: its first published TCP port at its host's address. */
export function catalogInstanceOf(info: ContainerInfo, host: HostSpec): CatalogInstance | undefined {
  if (info.role !== 'target' || info.project === undefined || info.target === undefined) return undefined;
  const port = info.publishedPorts.find((p) => p.protocol === 'tcp');
  if (port === undefined) return undefined;
  const address = port.hostIp === '0.0.0.0' || port.hostIp === '' || port.hostIp === '::' ? host.address : port.hostIp;
  return {
    id: `${host.name}:${info.name}`,
    name: catalogName(info.project, info.target, info.color),
    address,
    port: port.hostPort,
    tags: [`release-${info.release ?? 0}`, ...(info.color === undefined ? [] : [`color-${info.color}`]), `host-${host.name}`],
    container: info.name,
    host: host.name,
  };
}
