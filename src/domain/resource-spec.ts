/**
 * Networks and named volumes as docker-flow creates them on each host (from the compose file's
 * top-level `networks:` and `volumes:`), and as an engine reports existing ones. Pure data.
 */

/** One IPAM pool (`ipam.config[]`). */
export interface IpamPool {
  readonly subnet?: string;
  readonly ipRange?: string;
  readonly gateway?: string;
  /** `aux_addresses`: host name → address. */
  readonly auxAddresses: Readonly<Record<string, string>>;
}

export interface IpamSpec {
  /** Absent: the engine's default IPAM driver. */
  readonly driver?: string;
  readonly config: readonly IpamPool[];
  readonly options: Readonly<Record<string, string>>;
}

export interface NetworkSettings {
  /** The name on the engine. */
  readonly name: string;
  /** Absent: bridge. */
  readonly driver?: string;
  /** `driver_opts:`. */
  readonly driverOpts: Readonly<Record<string, string>>;
  /** `labels:` of the file (docker-flow adds its own when it creates the network). */
  readonly labels: Readonly<Record<string, string>>;
  readonly internal: boolean;
  readonly attachable: boolean;
  readonly enableIpv6: boolean;
  /** Absent: the engine assigns a subnet. */
  readonly ipam?: IpamSpec;
}

export interface VolumeSettings {
  readonly name: string;
  /** Absent: local. */
  readonly driver?: string;
  readonly driverOpts: Readonly<Record<string, string>>;
  readonly labels: Readonly<Record<string, string>>;
}

/**
 * How an existing network differs from what the compose file asks for, one phrase per setting
 * (empty: it matches). Only what the file sets is compared: the engine adds options, labels and
 * an assigned subnet of its own.
 */
export function networkDifferences(wanted: NetworkSettings, found: NetworkSettings): readonly string[] {
  const differences = [
    ...differ('driver', found.driver ?? 'bridge', wanted.driver ?? 'bridge'),
    ...differ('internal', found.internal, wanted.internal),
    ...differ('attachable', found.attachable, wanted.attachable),
    ...differ('enable_ipv6', found.enableIpv6, wanted.enableIpv6),
    ...mapDifferences('driver_opts', wanted.driverOpts, found.driverOpts),
    ...mapDifferences('labels', wanted.labels, found.labels),
  ];
  const ipam = wanted.ipam;
  if (ipam === undefined) return differences;
  const pools = found.ipam?.config ?? [];
  return [
    ...differences,
    ...(ipam.driver === undefined ? [] : differ('ipam.driver', found.ipam?.driver ?? 'default', ipam.driver)),
    ...mapDifferences('ipam.options', ipam.options, found.ipam?.options ?? {}),
    ...ipam.config.flatMap((pool, index) => {
      const match = pools.find((p) => p.subnet === pool.subnet);
      if (match === undefined) return [`ipam.config[${index}] subnet ${pool.subnet ?? '(any)'} is not one of its pools (${pools.map((p) => p.subnet ?? '?').join(', ') || 'none'})`];
      return [
        ...(pool.ipRange === undefined ? [] : differ(`ipam.config[${index}].ip_range`, match.ipRange ?? '(none)', pool.ipRange)),
        ...(pool.gateway === undefined ? [] : differ(`ipam.config[${index}].gateway`, match.gateway ?? '(none)', pool.gateway)),
        ...mapDifferences(`ipam.config[${index}].aux_addresses`, pool.auxAddresses, match.auxAddresses),
      ];
    }),
  ];
}

/** How an existing volume differs from the file's `driver`, `driver_opts` and `labels` (empty: it matches). */
export function volumeDifferences(wanted: VolumeSettings, found: VolumeSettings): readonly string[] {
  return [
    ...differ('driver', found.driver ?? 'local', wanted.driver ?? 'local'),
    ...mapDifferences('driver_opts', wanted.driverOpts, found.driverOpts),
    ...mapDifferences('labels', wanted.labels, found.labels),
  ];
}

function differ(what: string, found: string | boolean, wanted: string | boolean): readonly string[] {
  return found === wanted ? [] : [`${what} is ${String(found)}, the file says ${String(wanted)}`];
}

function mapDifferences(what: string, wanted: Readonly<Record<string, string>>, found: Readonly<Record<string, string>>): readonly string[] {
  return Object.keys(wanted).sort().flatMap((key) => {
    const value = found[key];
    return value === wanted[key] ? [] : [`${what}.${key} is ${value === undefined ? 'not set' : JSON.stringify(value)}, the file says ${JSON.stringify(wanted[key])}`];
  });
}
