import type { DeviceMapping, RuntimeSettings } from '../domain/runtime-settings';
import type { KeyNote } from '../domain/service-spec';
import type { ListField } from './runtime-keys';

const listFields: readonly ListField[] = ['capAdd', 'capDrop', 'dns', 'dnsSearch', 'dnsOpt', 'securityOpt', 'groupAdd', 'extraHosts', 'deviceCgroupRules'];

/**
 * One runtime key written in two files (or in a service and its `extends:` base), as the Compose
 * specification's merge rules say: a sequence is appended (each value once, as compose-go keeps
 * cap_add, dns, extra_hosts... unique), a mapping is merged key by key with the later file winning
 * (sysctls, storage_opt, ulimits by name, logging.options), devices are unique by their path in the
 * container, and a scalar is replaced. `logging` keeps the earlier options only when the later file
 * names the same driver or none (compose-go's mergeLogging).
 */
export function mergeRuntimeSettings(base: RuntimeSettings, override: RuntimeSettings): RuntimeSettings {
  const lists: { -readonly [K in ListField]?: readonly string[] } = {};
  for (const field of listFields) {
    const earlier = base[field];
    const later = override[field];
    if (earlier !== undefined && later !== undefined) lists[field] = [...new Set([...earlier, ...later])];
  }
  const maps = {
    ...both(base.sysctls, override.sysctls, (a, b) => ({ sysctls: { ...a, ...b } })),
    ...both(base.storageOpt, override.storageOpt, (a, b) => ({ storageOpt: { ...a, ...b } })),
    ...both(base.ulimits, override.ulimits, (a, b) => ({ ulimits: { ...a, ...b } })),
    ...both(base.devices, override.devices, (a, b) => ({ devices: uniqueDevices([...a, ...b]) })),
    ...both(base.logging, override.logging, (a, b) => ({
      logging: b.driver === undefined || b.driver === a.driver ? { ...a, ...b, options: { ...a.options, ...b.options } } : b,
    })),
  };
  return { ...base, ...override, ...lists, ...maps };
}

/** Keyed by Compose key: each key merged on its own (see ServiceLayer.runtime). */
export function mergeRuntimeKeys(base: Readonly<Record<string, RuntimeSettings>>, override: Readonly<Record<string, RuntimeSettings>>): Record<string, RuntimeSettings> {
  const result: Record<string, RuntimeSettings> = { ...base };
  for (const [key, settings] of Object.entries(override)) {
    const earlier = result[key];
    result[key] = earlier === undefined ? settings : mergeRuntimeSettings(earlier, settings);
  }
  return result;
}

/** The later file's note for a key replaces the earlier one. */
export function mergeKeyNotes(base: readonly KeyNote[], override: readonly KeyNote[]): KeyNote[] {
  const byKey = new Map<string, KeyNote>();
  for (const note of [...base, ...override]) byKey.set(note.key, note);
  return [...byKey.values()];
}

/**
 * Every key's settings in one, for the containers. `deploy` (deploy.resources) comes last: its
 * limits win over mem_limit, cpus and pids_limit, as docker/compose applies them after those.
 */
export function combineRuntimeKeys(keys: Readonly<Record<string, RuntimeSettings>>): RuntimeSettings {
  const ordered = Object.keys(keys).sort((a, b) => Number(a === 'deploy') - Number(b === 'deploy') || (a < b ? -1 : a > b ? 1 : 0));
  return ordered.reduce<RuntimeSettings>((all, key) => ({ ...all, ...keys[key] }), {});
}

function both<T>(a: T | undefined, b: T | undefined, merge: (a: T, b: T) => RuntimeSettings): RuntimeSettings {
  return a === undefined || b === undefined ? {} : merge(a, b);
}

function uniqueDevices(devices: readonly DeviceMapping[]): DeviceMapping[] {
  const byTarget = new Map<string, DeviceMapping>();
  for (const device of devices) byTarget.set(device.pathInContainer, device);
  return [...byTarget.values()];
}
