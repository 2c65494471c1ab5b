import type { IpamPool } from '../domain/resource-spec';
import type { ComposeLocation } from './compose-location';
import { parseKeyValues } from './parse-key-values';
import { describeValue, expectBoolean, expectList, expectMap, expectScalar, isRawMap } from './raw-value';
import type { RawMap } from './raw-value';

/** `ipam:` as one file states it. */
export interface IpamLayer {
  readonly driver?: string;
  /** Absent when the file does not write `config:` (an earlier file's pools stay). */
  readonly config?: readonly IpamPool[];
  readonly options: Readonly<Record<string, string>>;
}

/**
 * A top-level network or volume as one file states it. `written` maps every key the file gives
 * (besides x-*) to where, so a merged resource can say where a setting came from.
 */
export interface ResourceLayer {
  readonly written: Readonly<Record<string, ComposeLocation>>;
  readonly name?: string;
  readonly external?: boolean;
  readonly driver?: string;
  readonly driverOpts: Readonly<Record<string, string>>;
  readonly labels: Readonly<Record<string, string>>;
}

/** What a network has beyond a volume's settings. */
export interface NetworkExtras {
  readonly internal?: boolean;
  readonly attachable?: boolean;
  readonly enableIpv6?: boolean;
  readonly ipam?: IpamLayer;
}

export type NetworkLayer = ResourceLayer & NetworkExtras;

export type VolumeLayer = ResourceLayer;

const networkKeys = ['name', 'external', 'driver', 'driver_opts', 'labels', 'internal', 'attachable', 'enable_ipv6', 'enable_ipv4', 'ipam'];
const volumeKeys = ['name', 'external', 'driver', 'driver_opts', 'labels'];

/** The top-level `networks:` of one file; every key of the Compose specification is kept or refused. */
export function parseNetworks(value: unknown, where: ComposeLocation): Record<string, NetworkLayer> {
  return parseEach(value, where, 'network', networkKeys, (map, at): NetworkExtras => {
    const flag = (key: string): boolean | undefined => (present(map, key) ? expectBoolean(map[key], at.child(key)) : undefined);
    if (flag('enable_ipv4') === false) {
      throw at.child('enable_ipv4').error('false needs Engine API 1.47 (docker-flow speaks 1.41, where every network has IPv4)', 'remove enable_ipv4: false, or create the network yourself and name it with external: true');
    }
    const internal = flag('internal');
    const attachable = flag('attachable');
    const enableIpv6 = flag('enable_ipv6');
    return {
      ...(internal === undefined ? {} : { internal }),
      ...(attachable === undefined ? {} : { attachable }),
      ...(enableIpv6 === undefined ? {} : { enableIpv6 }),
      ...(present(map, 'ipam') ? { ipam: parseIpam(map['ipam'], at.child('ipam')) } : {}),
    };
  });
}

/** The top-level `volumes:` of one file. */
export function parseVolumes(value: unknown, where: ComposeLocation): Record<string, VolumeLayer> {
  return parseEach(value, where, 'volume', volumeKeys, () => ({}));
}

function parseEach<E>(value: unknown, where: ComposeLocation, what: string, keys: readonly string[], more: (map: RawMap, at: ComposeLocation) => E): Record<string, ResourceLayer & E> {
  if (value === undefined || value === null) return {};
  const accepted = `write ${what}s as a map of key to settings (${keys.join(', ')}), or nothing for the defaults`;
  const result: Record<string, ResourceLayer & E> = {};
  for (const [key, raw] of Object.entries(expectMap(value, where, accepted))) {
    const at = where.child(key);
    const map = raw === null ? {} : expectMap(raw, at, accepted);
    const unknown = Object.keys(map).find((k) => !k.startsWith('x-') && !keys.includes(k));
    if (unknown !== undefined) throw at.child(unknown).error(`is not a key of a top-level ${what}`, `use ${keys.join(', ')}`);
    const written: Record<string, ComposeLocation> = {};
    for (const k of Object.keys(map)) if (!k.startsWith('x-')) written[k] = at.child(k);
    const text = (k: string): string | undefined => (present(map, k) ? expectScalar(map[k], at.child(k), accepted) : undefined);
    const name = text('name');
    const driver = text('driver');
    const external = parseExternal(map['external'], at.child('external'), name);
    const resolvedName = external.name ?? name;
    const base: ResourceLayer = {
      written,
      ...(resolvedName === undefined ? {} : { name: resolvedName }),
      ...(external.external === undefined ? {} : { external: external.external }),
      ...(driver === undefined ? {} : { driver }),
      driverOpts: present(map, 'driver_opts') ? parseKeyValues(map['driver_opts'], at.child('driver_opts'), undefined) : {},
      labels: present(map, 'labels') ? parseKeyValues(map['labels'], at.child('labels'), undefined) : {},
    };
    result[key] = { ...base, ...more(map, at) };
  }
  return result;
}

/** `external: true` or the legacy `external: {name: other}` of v2/v3 files (which must agree with `name:`). */
function parseExternal(value: unknown, where: ComposeLocation, name: string | undefined): { external?: boolean; name?: string } {
  if (value === undefined || value === null) return {};
  if (!isRawMap(value)) return { external: expectBoolean(value, where) };
  const legacy = value['name'];
  if (legacy === undefined) return { external: true };
  if (typeof legacy !== 'string') throw where.child('name').error(`must be a string, found ${describeValue(legacy)}`, 'write the name of the existing resource');
  if (name !== undefined && name !== legacy) throw where.child('name').error(`"${legacy}" conflicts with name: "${name}"`, 'write only name: <existing name> and external: true');
  return { external: true, name: legacy };
}

function parseIpam(value: unknown, where: ComposeLocation): IpamLayer {
  const keys = ['driver', 'config', 'options'];
  const map = expectMap(value, where, `write ipam as a map of ${keys.join(', ')}`);
  const unknown = Object.keys(map).find((k) => !k.startsWith('x-') && !keys.includes(k));
  if (unknown !== undefined) throw where.child(unknown).error('is not a key of ipam', `use ${keys.join(', ')}`);
  const driver = present(map, 'driver') ? expectScalar(map['driver'], where.child('driver'), 'write the IPAM driver name') : undefined;
  const configAt = where.child('config');
  const config = present(map, 'config') ? expectList(map['config'], configAt, 'write config as a list of {subnet, ip_range, gateway, aux_addresses}').map((item, index) => parsePool(item, configAt.item(index))) : undefined;
  return {
    ...(driver === undefined ? {} : { driver }),
    ...(config === undefined ? {} : { config }),
    options: present(map, 'options') ? parseKeyValues(map['options'], where.child('options'), undefined) : {},
  };
}

function parsePool(value: unknown, where: ComposeLocation): IpamPool {
  const keys = ['subnet', 'ip_range', 'gateway', 'aux_addresses'];
  const map = expectMap(value, where, `write each pool as a map of ${keys.join(', ')}`);
  const unknown = Object.keys(map).find((k) => !keys.includes(k));
  if (unknown !== undefined) throw where.child(unknown).error('is not a key of an IPAM pool', `use ${keys.join(', ')}`);
  const text = (k: string): string | undefined => (present(map, k) ? expectScalar(map[k], where.child(k), 'write an address or a CIDR such as 172.28.0.0/16') : undefined);
  const [subnet, ipRange, gateway] = [text('subnet'), text('ip_range'), text('gateway')];
  return {
    ...(subnet === undefined ? {} : { subnet }),
    ...(ipRange === undefined ? {} : { ipRange }),
    ...(gateway === undefined ? {} : { gateway }),
    auxAddresses: present(map, 'aux_addresses') ? parseKeyValues(map['aux_addresses'], where.child('aux_addresses'), undefined) : {},
  };
}

function present(map: RawMap, key: string): boolean {
  return map[key] !== undefined && map[key] !== null;
}
