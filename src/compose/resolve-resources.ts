import type { IpamSpec } from '../domain/resource-spec';
import type { NamedVolumeSpec, NetworkSpec } from '../domain/service-spec';
import type { IpamLayer, NetworkLayer, ResourceLayer, VolumeLayer } from './parse-resources';

/**
 * The merged top-level networks → NetworkSpecs: engine name `<project>_<key>` unless `name:` or
 * external (then the key), defaults filled in. The project's `default` network is added when
 * no file declares it.
 */
export function resolveNetworks(layers: Readonly<Record<string, NetworkLayer>>, project: string): Record<string, NetworkSpec> {
  const result: Record<string, NetworkSpec> = {};
  for (const [key, layer] of Object.entries(layers)) {
    const ipam = layer.ipam === undefined ? undefined : finishIpam(layer.ipam);
    result[key] = {
      ...common(key, layer, project, 'network'),
      internal: layer.internal ?? false,
      attachable: layer.attachable ?? false,
      enableIpv6: layer.enableIpv6 ?? false,
      ...(ipam === undefined ? {} : { ipam }),
    };
  }
  result['default'] ??= { name: `${project}_default`, external: false, driverOpts: {}, labels: {}, internal: false, attachable: false, enableIpv6: false };
  return result;
}

export function resolveVolumes(layers: Readonly<Record<string, VolumeLayer>>, project: string): Record<string, NamedVolumeSpec> {
  return Object.fromEntries(Object.entries(layers).map(([key, layer]) => [key, common(key, layer, project, 'volume')]));
}

/**
 * Name, driver, driver_opts and labels; an external resource may have no other setting (as the
 * Compose specification says: Compose rejects the file), because docker-flow never creates it.
 */
function common(key: string, layer: ResourceLayer, project: string, what: string): NamedVolumeSpec {
  const external = layer.external ?? false;
  if (external) {
    const [conflict] = Object.keys(layer.written).filter((k) => k !== 'name' && k !== 'external').sort();
    const where = conflict === undefined ? undefined : layer.written[conflict];
    if (conflict !== undefined && where !== undefined) {
      throw where.error(`is given for an external ${what}; an external ${what} exists already and docker-flow does not create or change it, so "external" and "${conflict}" conflict (as in Compose)`,
        `remove ${conflict}: (set it where the ${what} is created), or remove external: true to let docker-flow create the ${what} with it`);
    }
  }
  return {
    name: layer.name ?? (external ? key : `${project}_${key}`),
    external,
    ...(layer.driver === undefined ? {} : { driver: layer.driver }),
    driverOpts: layer.driverOpts,
    labels: layer.labels,
  };
}

function finishIpam(layer: IpamLayer): IpamSpec {
  return { ...(layer.driver === undefined ? {} : { driver: layer.driver }), config: layer.config ?? [], options: layer.options };
}
