import type { PortSpec } from '../domain/service-spec';
import type { NetworkReference } from './parse-service-networks';
import type { VolumeEntry } from './parse-volumes';
import { resetFileLayer } from './apply-resets';
import { mergeNetworkLayers, mergeVolumeLayers } from './merge-resources';
import { mergeKeyNotes, mergeRuntimeKeys } from './merge-runtime-settings';
import type { ComposeFileLayer, NamedReference, ServiceLayer } from './service-layer';

/**
 * Merges the layers of several compose files in order, like `docker compose -f a -f b`:
 * scalars (image, restart, user, ...) and command/entrypoint are replaced by the later file;
 * environment, labels and healthcheck merge key by key; ports and expose are concatenated
 * (exact duplicates dropped); volumes and env_file are concatenated and de-duplicated by target
 * and by path (the first position, the later file's entry); networks and depends_on are united
 * by name, an entry in both merged key by key (aliases added up); placement constraints and the
 * safe-env names (x-docker-flow-safe-env) are united.
 * Top-level networks and volumes merge key by key (see merge-resources). What a file's `!reset`
 * and `!override` tags name is cleared in the earlier files' result before that file merges.
 */
export function mergeComposeFiles(layers: readonly ComposeFileLayer[]): ComposeFileLayer {
  return layers.reduce<ComposeFileLayer>(
    (earlier, layer) => {
      const merged = resetFileLayer(earlier, layer.tagPaths ?? []);
      const name = layer.name ?? earlier.name;
      return {
        services: mergeRecords(merged.services, layer.services, mergeServiceLayers),
        networks: mergeRecords(merged.networks, layer.networks, mergeNetworkLayers),
        volumes: mergeRecords(merged.volumes, layer.volumes, mergeVolumeLayers),
        ...(name === undefined ? {} : { name }),
      };
    },
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
    envFiles: lastOfEach([...base.envFiles, ...override.envFiles], (file) => file.path),
    safeEnv: [...new Set([...base.safeEnv, ...override.safeEnv])].sort(),
    labels: { ...base.labels, ...override.labels },
    ports: uniqueBy([...base.ports, ...override.ports], portKey),
    expose: [...new Set([...base.expose, ...override.expose])],
    ...(healthcheck === undefined ? {} : { healthcheck }),
    volumes: mergeVolumes(base.volumes, override.volumes),
    networks: byName(base.networks, override.networks, mergeNetworkReference),
    dependsOn: byName(base.dependsOn, override.dependsOn, (a, b) => ({ ...a, ...b })),
    constraints: [...new Set([...base.constraints, ...override.constraints])],
    runtime: mergeRuntimeKeys(base.runtime, override.runtime),
    keyNotes: mergeKeyNotes(base.keyNotes, override.keyNotes),
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
  return lastOfEach([...base, ...override], (entry) => entry.spec.target);
}

/** compose-go's EnforceUnicity: one entry per key, at the position of its first, with the value of its last. */
function lastOfEach<T>(items: readonly T[], key: (item: T) => string): T[] {
  const byKey = new Map<string, T>();
  for (const item of items) byKey.set(key(item), item);
  return [...byKey.values()];
}

/** United by name: the first position of each name, an entry given twice merged key by key (the later file wins). */
function byName<T extends NamedReference>(base: readonly T[], override: readonly T[], merge: (earlier: T, later: T) => T): T[] {
  const merged = new Map<string, T>();
  for (const reference of [...base, ...override]) {
    const earlier = merged.get(reference.name);
    merged.set(reference.name, earlier === undefined ? reference : merge(earlier, reference));
  }
  return [...merged.values()];
}

/** A service's network given in two files: aliases added up (each once), driver_opts by key, the later priority (compose-go mergeNetworks). */
function mergeNetworkReference(earlier: NetworkReference, later: NetworkReference): NetworkReference {
  const priority = later.options.priority ?? earlier.options.priority;
  return {
    ...later,
    options: {
      aliases: [...new Set([...earlier.options.aliases, ...later.options.aliases])],
      driverOpts: { ...earlier.options.driverOpts, ...later.options.driverOpts },
      ...(priority === undefined ? {} : { priority }),
    },
  };
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
