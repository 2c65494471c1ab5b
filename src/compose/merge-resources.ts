import type { IpamPool } from '../domain/resource-spec';
import type { IpamLayer, NetworkLayer, ResourceLayer, VolumeLayer } from './parse-resources';

/**
 * A top-level volume of a later -f file over an earlier one, as compose-go merges mappings
 * (override/merge.go): scalars (name, external, driver) replaced, driver_opts and labels key by key.
 */
export function mergeVolumeLayers(base: VolumeLayer, override: VolumeLayer): VolumeLayer {
  return mergeResource(base, override);
}

/** A top-level network likewise; internal, attachable, enable_ipv6 replaced, ipam merged (see mergeIpam). */
export function mergeNetworkLayers(base: NetworkLayer, override: NetworkLayer): NetworkLayer {
  const ipam = base.ipam === undefined || override.ipam === undefined ? override.ipam ?? base.ipam : mergeIpam(base.ipam, override.ipam);
  return { ...base, ...override, ...mergeResource(base, override), ...(ipam === undefined ? {} : { ipam }) };
}

function mergeResource(base: ResourceLayer, override: ResourceLayer): ResourceLayer {
  return {
    ...base,
    ...override,
    written: { ...base.written, ...override.written },
    driverOpts: { ...base.driverOpts, ...override.driverOpts },
    labels: { ...base.labels, ...override.labels },
  };
}

/**
 * `ipam`: driver replaced, options key by key; `config` as compose-go's mergeIPAMConfig: when the
 * later file gives pools, they are the pools, each merged key by key over the earlier pool of the
 * same subnet; without `config:` the earlier pools stay.
 */
function mergeIpam(base: IpamLayer, override: IpamLayer): IpamLayer {
  const config = override.config === undefined ? base.config : override.config.map((pool) => mergePool(base.config?.find((p) => p.subnet === pool.subnet), pool));
  const driver = override.driver ?? base.driver;
  return { ...(driver === undefined ? {} : { driver }), ...(config === undefined ? {} : { config }), options: { ...base.options, ...override.options } };
}

function mergePool(base: IpamPool | undefined, override: IpamPool): IpamPool {
  return base === undefined ? override : { ...base, ...override, auxAddresses: { ...base.auxAddresses, ...override.auxAddresses } };
}
