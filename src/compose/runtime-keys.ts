import type { DeviceMapping, RuntimeSettings } from '../domain/runtime-settings';
import type { ComposeLocation } from './compose-location';
import { parseKeyValues } from './parse-key-values';
import { parseSizeBytes } from './parse-mount-options';
import { describeValue, expectBoolean, expectList, expectMap, expectScalar, isRawMap } from './raw-value';

/**
 * The Compose service keys docker-flow carries unchanged to the engine, each read into the
 * RuntimeSettings fields it sets (the Compose specification's services section gives each key's
 * forms; docker/compose's create.go the Engine API field it fills). A key's value is validated
 * here: a bad one is refused with exit 2 before anything is touched.
 */
type Reader = (value: unknown, at: ComposeLocation) => RuntimeSettings;

const text = (value: unknown, at: ComposeLocation): string => expectScalar(value, at, 'write a string');
const flag = (value: unknown, at: ComposeLocation): boolean => expectBoolean(value, at);
const size = (value: unknown, at: ComposeLocation): number => parseSizeBytes(value, at);

function whole(value: unknown, at: ComposeLocation, min: number, max = Number.MAX_SAFE_INTEGER): number {
  const parsed = typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value) : value;
  if (typeof parsed === 'number' && Number.isInteger(parsed) && parsed >= min && parsed <= max) return parsed;
  throw at.error(`must be a whole number from ${min} to ${max}, found ${describeValue(value)}`, `write a whole number from ${min} to ${max}`);
}

function strings(value: unknown, at: ComposeLocation): readonly string[] {
  if (typeof value === 'string') return [value];
  return expectList(value, at, 'write a list of strings').map((item, index) => expectScalar(item, at.item(index), 'write a list of strings'));
}

/** The RuntimeSettings fields that hold a list of strings, merged by union across files. */
export type ListField = 'capAdd' | 'capDrop' | 'dns' | 'dnsSearch' | 'dnsOpt' | 'securityOpt' | 'groupAdd' | 'extraHosts' | 'deviceCgroupRules';

export const runtimeKeys: Readonly<Record<string, Reader>> = {
  hostname: (v, at) => ({ hostname: text(v, at) }),
  domainname: (v, at) => ({ domainname: text(v, at) }),
  tty: (v, at) => ({ tty: flag(v, at) }),
  stdin_open: (v, at) => ({ stdinOpen: flag(v, at) }),
  privileged: (v, at) => ({ privileged: flag(v, at) }),
  init: (v, at) => ({ init: flag(v, at) }),
  read_only: (v, at) => ({ readOnly: flag(v, at) }),
  cap_add: (v, at) => ({ capAdd: strings(v, at) }),
  cap_drop: (v, at) => ({ capDrop: strings(v, at) }),
  dns: (v, at) => ({ dns: strings(v, at) }),
  dns_search: (v, at) => ({ dnsSearch: strings(v, at) }),
  dns_opt: (v, at) => ({ dnsOpt: strings(v, at) }),
  security_opt: (v, at) => ({ securityOpt: strings(v, at) }),
  group_add: (v, at) => ({ groupAdd: strings(v, at) }),
  device_cgroup_rules: (v, at) => ({ deviceCgroupRules: strings(v, at) }),
  extra_hosts: (v, at) => ({ extraHosts: parseExtraHosts(v, at) }),
  devices: (v, at) => ({ devices: expectList(v, at, acceptedDevice).map((item, index) => parseDevice(item, at.item(index))) }),
  sysctls: (v, at) => ({ sysctls: parseKeyValues(v, at, undefined) }),
  storage_opt: (v, at) => ({ storageOpt: parseKeyValues(v, at, undefined) }),
  ulimits: (v, at) => ({ ulimits: parseUlimits(v, at) }),
  logging: (v, at) => ({ logging: parseLogging(v, at) }),
  shm_size: (v, at) => ({ shmSizeBytes: size(v, at) }),
  mem_limit: (v, at) => ({ memLimitBytes: size(v, at) }),
  mem_reservation: (v, at) => ({ memReservationBytes: size(v, at) }),
  memswap_limit: (v, at) => ({ memswapLimitBytes: v === -1 || v === '-1' ? -1 : size(v, at) }),
  mem_swappiness: (v, at) => ({ memSwappiness: whole(v, at, 0, 100) }),
  cpus: (v, at) => ({ nanoCpus: parseCpus(v, at) }),
  cpu_shares: (v, at) => ({ cpuShares: whole(v, at, 0) }),
  cpu_quota: (v, at) => ({ cpuQuota: whole(v, at, -1) }),
  cpu_period: (v, at) => ({ cpuPeriod: whole(v, at, 0) }),
  cpu_rt_period: (v, at) => ({ cpuRtPeriod: whole(v, at, 0) }),
  cpu_rt_runtime: (v, at) => ({ cpuRtRuntime: whole(v, at, -1) }),
  cpuset: (v, at) => ({ cpuset: text(v, at) }),
  pids_limit: (v, at) => ({ pidsLimit: whole(v, at, -1) }),
  oom_score_adj: (v, at) => ({ oomScoreAdj: whole(v, at, -1000, 1000) }),
  oom_kill_disable: (v, at) => ({ oomKillDisable: flag(v, at) }),
  pid: (v, at) => ({ pid: namespace(v, at) }),
  ipc: (v, at) => ({ ipc: namespace(v, at) }),
  uts: (v, at) => ({ uts: text(v, at) }),
  userns_mode: (v, at) => ({ usernsMode: text(v, at) }),
  cgroup: (v, at) => ({ cgroup: oneOf(v, at, ['host', 'private']) }),
  cgroup_parent: (v, at) => ({ cgroupParent: text(v, at) }),
  runtime: (v, at) => ({ runtime: text(v, at) }),
};

/** `cpus: 1.5` (or "1.5"): a positive number of CPUs, in the engine's billionths. */
export function parseCpus(value: unknown, at: ComposeLocation): number {
  const parsed = typeof value === 'string' && /^\d+(?:\.\d+)?$/.test(value.trim()) ? Number(value) : value;
  if (typeof parsed === 'number' && Number.isFinite(parsed) && parsed >= 0) return Math.round(parsed * 1e9);
  throw at.error(`must be a number of CPUs, found ${describeValue(value)}`, 'write cpus: 0.5 (half a CPU) or cpus: 2');
}

function oneOf(value: unknown, at: ComposeLocation, accepted: readonly string[]): string {
  const written = text(value, at);
  if (accepted.includes(written)) return written;
  throw at.error(`"${written}" is not accepted`, `write one of: ${accepted.join(', ')}`);
}

/** pid / ipc: host, private, shareable, container:<name>; `service:<name>` would need the other service's instance, which docker-flow does not resolve. */
function namespace(value: unknown, at: ComposeLocation): string {
  const written = text(value, at);
  if (!written.startsWith('service:')) return written;
  throw at.error(`"${written}" is not supported: docker-flow does not share a namespace with another service's instances`, 'write host, or container:<name> of a container that runs on every host');
}

const acceptedHost = 'write extra_hosts as a list of host:address (or host=address), or a map of host: address';

/** `host:address`, `host=address` (an IPv6 address may sit in brackets) or `host: address` → the engine's `host:address`. */
function parseExtraHosts(value: unknown, at: ComposeLocation): readonly string[] {
  const entry = (host: string, address: string, where: ComposeLocation): string => {
    const bare = address.trim().replace(/^\[(.*)\]$/, '$1');
    if (host.trim() === '' || bare === '') throw where.error(`"${host}" → "${address}" is not a host and an address`, acceptedHost);
    return `${host.trim()}:${bare}`;
  };
  if (isRawMap(value)) {
    return Object.entries(value).flatMap(([host, address]) => strings(address, at.child(host)).map((one) => entry(host, one, at.child(host))));
  }
  return expectList(value, at, acceptedHost).map((item, index) => {
    const written = expectScalar(item, at.item(index), acceptedHost);
    const equals = written.indexOf('=');
    const split = equals !== -1 ? equals : written.indexOf(':');
    if (split === -1) throw at.item(index).error(`"${written}" has no address`, acceptedHost);
    return entry(written.slice(0, split), written.slice(split + 1), at.item(index));
  });
}

const acceptedDevice = 'write devices as a list of /dev/host[:/dev/container[:rwm]], or of maps with source, target and permissions';

function parseDevice(item: unknown, at: ComposeLocation): DeviceMapping {
  if (isRawMap(item)) {
    const unknown = Object.keys(item).find((key) => !['source', 'target', 'permissions'].includes(key));
    if (unknown !== undefined) throw at.child(unknown).error('is not a key of a device', acceptedDevice);
    const source = text(item['source'], at.child('source'));
    return device(source, item['target'] === undefined ? source : text(item['target'], at.child('target')), item['permissions'] === undefined ? 'rwm' : text(item['permissions'], at.child('permissions')), at);
  }
  const written = expectScalar(item, at, acceptedDevice);
  if (!written.startsWith('/')) throw at.error(`"${written}" is not supported: docker-flow maps host device paths, not CDI device names`, acceptedDevice);
  const [source = '', target = source, permissions = 'rwm'] = written.split(':');
  return device(source, target, permissions, at);
}

function device(pathOnHost: string, pathInContainer: string, permissions: string, at: ComposeLocation): DeviceMapping {
  if (!/^[rwm]{1,3}$/.test(permissions)) throw at.error(`"${permissions}" is not a set of device permissions`, 'write r, w and m in any combination (rwm)');
  return { pathOnHost, pathInContainer, permissions };
}

function parseUlimits(value: unknown, at: ComposeLocation): NonNullable<RuntimeSettings['ulimits']> {
  const accepted = 'write ulimits as a map of name: limit, or name: {soft: N, hard: N}';
  const result: Record<string, { soft: number; hard: number }> = {};
  for (const [name, limit] of Object.entries(expectMap(value, at, accepted))) {
    const where = at.child(name);
    if (!isRawMap(limit)) {
      const both = whole(limit, where, -1);
      result[name] = { soft: both, hard: both };
      continue;
    }
    const unknown = Object.keys(limit).find((key) => key !== 'soft' && key !== 'hard');
    if (unknown !== undefined) throw where.child(unknown).error('is not a key of a ulimit', accepted);
    const soft = whole(limit['soft'], where.child('soft'), -1);
    const hard = whole(limit['hard'], where.child('hard'), -1);
    if (hard !== -1 && soft > hard) throw where.error(`soft ${soft} is above hard ${hard}`, 'the soft limit is at most the hard one');
    result[name] = { soft, hard };
  }
  return result;
}

function parseLogging(value: unknown, at: ComposeLocation): NonNullable<RuntimeSettings['logging']> {
  const accepted = 'write logging:\n  driver: json-file\n  options: {max-size: 10m}';
  const map = expectMap(value, at, accepted);
  const unknown = Object.keys(map).find((key) => key !== 'driver' && key !== 'options');
  if (unknown !== undefined) throw at.child(unknown).error('is not a key of logging', accepted);
  const driver = map['driver'] === undefined || map['driver'] === null ? undefined : text(map['driver'], at.child('driver'));
  const options = map['options'] === undefined || map['options'] === null ? {} : parseKeyValues(map['options'], at.child('options'), undefined);
  return { ...(driver === undefined ? {} : { driver }), options };
}

/** Reads every runtime key the service map has, keyed by the Compose key (so later files and `!reset` work key by key). */
export function parseRuntimeKeys(map: Readonly<Record<string, unknown>>, where: ComposeLocation): Record<string, RuntimeSettings> {
  const result: Record<string, RuntimeSettings> = {};
  for (const [key, read] of Object.entries(runtimeKeys)) {
    const value = map[key];
    if (value !== undefined && value !== null) result[key] = read(value, where.child(key));
  }
  return result;
}

