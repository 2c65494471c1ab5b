import type { NetworkMode, ServiceNetworkOptions } from '../domain/service-spec';
import type { ComposeLocation } from './compose-location';
import { parseKeyValues } from './parse-key-values';
import { describeValue, expectInteger, expectList, expectMap, expectString, isRawMap } from './raw-value';
import type { NamedReference } from './service-layer';

/** A network a service joins, with its options (empty when the file gives none). */
export interface NetworkReference extends NamedReference {
  readonly options: ServiceNetworkOptions;
}

const acceptedList = 'write a list of network names or a map keyed by network name ({backend: {aliases: [db]}})';
const acceptedModes = 'write host, none, bridge, service:<service name> or container:<container name>; to join networks of the project use networks: instead';

/**
 * Per-network options docker-flow cannot keep, with the reason. A fixed address cannot go to two
 * instances (blue and green), and networks are created without IPAM subnets; the others need
 * a newer Engine API than docker-flow speaks (1.41).
 */
const refusedOptions: Readonly<Record<string, string>> = {
  ipv4_address: 'a fixed address cannot be given to two instances (blue and green, or a rolling replace), and docker-flow creates networks without IPAM subnets; let Docker assign addresses and reach the service by name or an alias',
  ipv6_address: 'a fixed address cannot be given to two instances (blue and green, or a rolling replace), and docker-flow creates networks without IPAM subnets; let Docker assign addresses and reach the service by name or an alias',
  link_local_ips: 'link-local addresses are fixed per container and cannot go to two instances; remove it',
  mac_address: 'a per-network MAC address needs Engine API 1.44 (docker-flow speaks 1.41) and cannot go to two instances; remove it',
  gw_priority: 'gw_priority needs Engine API 1.48 (docker-flow speaks 1.41); remove it (the first network by priority is the one given at create time)',
  interface_name: 'interface_name needs Engine API 1.49 (docker-flow speaks 1.41); remove it',
};

/** `networks:` of a service: `[a, b]`, or `{a: null, b: {aliases, driver_opts, priority}}`. */
export function parseServiceNetworks(value: unknown, where: ComposeLocation): NetworkReference[] {
  if (Array.isArray(value)) {
    return value.map((item: unknown, index) => ({ name: expectString(item, where.item(index), acceptedList), where: where.item(index), options: { aliases: [], driverOpts: {} } }));
  }
  if (!isRawMap(value)) throw where.error(`must be a list or a map, found ${describeValue(value)}`, acceptedList);
  return Object.entries(value).map(([name, raw]) => {
    const at = where.child(name);
    if (raw === null || raw === undefined) return { name, where: at, options: { aliases: [], driverOpts: {} } };
    const map = expectMap(raw, at, acceptedList);
    for (const key of Object.keys(map)) {
      const reason = refusedOptions[key];
      if (reason !== undefined) throw at.child(key).error(`is not supported by docker-flow: ${reason}`, `remove networks.${name}.${key} from the service`);
      if (!['aliases', 'driver_opts', 'priority'].includes(key)) throw at.child(key).error('is not an option of a service network', 'use aliases, driver_opts or priority');
    }
    const aliasesAt = at.child('aliases');
    const aliases = map['aliases'] === undefined || map['aliases'] === null ? [] : expectList(map['aliases'], aliasesAt, 'write aliases as a list of names').map((item, index) => expectString(item, aliasesAt.item(index), 'write aliases as a list of names'));
    const driverOpts = map['driver_opts'] === undefined || map['driver_opts'] === null ? {} : parseKeyValues(map['driver_opts'], at.child('driver_opts'), undefined);
    const priority = map['priority'] === undefined || map['priority'] === null ? undefined : expectInteger(map['priority'], at.child('priority'), Number.MIN_SAFE_INTEGER);
    return { name, where: at, options: { aliases, driverOpts, ...(priority === undefined ? {} : { priority }) } };
  });
}

/** `network_mode:` → a NetworkMode. */
export function parseNetworkMode(value: unknown, where: ComposeLocation): NetworkMode {
  const text = expectString(value, where, acceptedModes);
  if (text === 'host' || text === 'none' || text === 'bridge') return { kind: text };
  const [kind, ...rest] = text.split(':');
  const name = rest.join(':');
  if (kind === 'service' && name !== '') return { kind: 'service', service: name };
  if (kind === 'container' && name !== '') return { kind: 'container', container: name };
  throw where.error(`"${text}" is not a network mode docker-flow supports`, acceptedModes);
}
