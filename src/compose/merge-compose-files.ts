import type { PortSpec } from '../domain/service-spec';
import type { VolumeEntry } from './parse-volumes';
import { mergeNetworkLayers, mergeVolumeLayers } from './merge-resources';
import type { ComposeFileLayer, NamedReference, ServiceLayer } from './service-layer';

/**
 * Merges the layers of several compose files in order, like `docker compose -f a -f b`:
 * scalars (image, restart, user, ...) and command/entrypoint are replaced by the later file;
 * environment, labels and healthcheck merge key by key; ports, expose and env_file are
 * concatenated (exact duplicates dropped); volumes are concatenated and de-duplicated by target
 * (the later file wins); networks and depends_on are united by name (the later file's options
 * and condition win); placement constraints and the safe-env names (x-docker-flow-safe-env)
 * are united.
 * Top-level networks and volumes merge key by key (see merge-resources).
 */
export function mergeComposeFiles(layers: readonly ComposeFileLayer[]): ComposeFileLayer {
  return layers.reduce<ComposeFileLayer>(
    (merged, layer) => ({
      services: mergeRecords(merged.services, layer.services, mergeServiceLayers),
      networks: mergeRecords(merged.networks, layer.networks, mergeNetworkLayers),
      volumes: mergeRecords(merged.volumes, layer.volumes, mergeVolumeLayers),
    }),
    { services: {}, networks: {}, volumes: {} },
  );
}

export function mergeServiceLayers(base: ServiceLayer, override: ServiceLayer): ServiceLayer {
  const healthcheck = base.healthcheck === undefined || override.healthcheck === undefined
    ? base.healthcheck ?? override.healthcheck
    : { ...base.healthcheck, ...override.healthcheck };
  return {
    ...base,
    ...override,
    where: base.where,
    files: [...base.files, ...override.files],
    build: base.build || override.build,
    environment: { ...base.environment, ...override.environment },
    envFiles: [...base.envFiles, ...override.envFiles],
    safeEnv: [...new Set([...base.safeEnv, ...override.safeEnv])].sort(),
    labels: { ...base.labels, ...override.labels },
    ports: uniqueBy([...base.ports, ...override.ports], portKey),
    expose: [...new Set([...base.expose, ...override.expose])],
    ...(healthcheck === undefined ? {} : { healthcheck }),
    volumes: mergeVolumes(base.volumes, override.volumes),
    networks: lastByName(base.networks, override.networks),
    dependsOn: lastByName(base.dependsOn, override.dependsOn),
    constraints: [...new Set([...base.constraints, ...override.constraints])],
  };
}

function mergeRecords<T>(base: Readonly<Record<string, T>>, override: Readonly<Record<string, T>>, merge: (a: T, b: T) => T): Record<string, T> {
  const result: Record<string, T> = { ...base };
  for (const [key, value] of Object.entries(override)) {
    const existing = result[key];
    result[key] = existing === undefined ? value : merge(existing, value);
  }
  return result;
}

/** Keeps the first position of each target but the later file's definition of it. */
function mergeVolumes(base: readonly VolumeEntry[], override: readonly VolumeEntry[]): VolumeEntry[] {
  const byTarget = new Map<string, VolumeEntry>();
  for (const entry of [...base, ...override]) byTarget.set(entry.spec.target, entry);
  return [...byTarget.values()];
}

/** United by name: the first position of each name, the later file's definition of it (its options, its condition). */
function lastByName<T extends NamedReference>(base: readonly T[], override: readonly T[]): T[] {
  const byName = new Map<string, T>();
  for (const reference of [...base, ...override]) byName.set(reference.name, reference);
  return [...byName.values()];
}

function uniqueBy<T>(items: readonly T[], key: (item: T) => string): T[] {
  const seen = new Set<string>();
  return items.filter((item) => {
    const k = key(item);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

function portKey(port: PortSpec): string {
  return `${port.hostIp ?? ''}|${port.hostPort ?? ''}-${port.hostPortEnd ?? ''}|${port.containerPort}/${port.protocol}`;
}
