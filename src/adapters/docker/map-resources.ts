import type { NetworkCreateOptions, VolumeCreateOptions } from 'dockerode';
import type { IpamPool, NetworkSettings, VolumeSettings } from '../../domain/resource-spec';
import { arrayAt, booleanAt, recordAt, stringAt, stringMapAt } from '../../domain/json-fields';

type Labels = Readonly<Record<string, string>>;

/** NetworkSettings → `POST /networks/create` body; `labels` (docker-flow's own) added to the file's. */
export function networkCreateBody(settings: NetworkSettings, labels: Labels): NetworkCreateOptions {
  const ipam = settings.ipam;
  return {
    Name: settings.name,
    CheckDuplicate: true,
    Driver: settings.driver ?? 'bridge',
    Internal: settings.internal,
    Attachable: settings.attachable,
    EnableIPv6: settings.enableIpv6,
    Options: { ...settings.driverOpts },
    Labels: { ...settings.labels, ...labels },
    ...(ipam === undefined
      ? {}
      : {
          IPAM: {
            Driver: ipam.driver ?? 'default',
            Options: { ...ipam.options },
            Config: ipam.config.map((pool) => ({
              ...(pool.subnet === undefined ? {} : { Subnet: pool.subnet }),
              ...(pool.ipRange === undefined ? {} : { IPRange: pool.ipRange }),
              ...(pool.gateway === undefined ? {} : { Gateway: pool.gateway }),
              ...(Object.keys(pool.auxAddresses).length === 0 ? {} : { AuxiliaryAddresses: { ...pool.auxAddresses } }),
            })),
          },
        }),
  };
}

/** A network as `GET /networks` reports it → NetworkSettings (the engine's own labels and options included). */
export function mapNetwork(json: unknown): NetworkSettings {
  const ipam = recordAt(json, 'IPAM');
  const driver = stringAt(ipam, 'Driver');
  return {
    name: stringAt(json, 'Name') ?? '',
    driver: stringAt(json, 'Driver') ?? 'bridge',
    driverOpts: stringMapAt(json, 'Options'),
    labels: stringMapAt(json, 'Labels'),
    internal: booleanAt(json, 'Internal'),
    attachable: booleanAt(json, 'Attachable'),
    enableIpv6: booleanAt(json, 'EnableIPv6'),
    ipam: {
      ...(driver === undefined ? {} : { driver }),
      options: stringMapAt(ipam, 'Options'),
      config: arrayAt(ipam, 'Config').map((pool): IpamPool => {
        const [subnet, ipRange, gateway] = [stringAt(pool, 'Subnet'), stringAt(pool, 'IPRange'), stringAt(pool, 'Gateway')];
        return {
          ...(subnet === undefined ? {} : { subnet }),
          ...(ipRange === undefined ? {} : { ipRange }),
          ...(gateway === undefined ? {} : { gateway }),
          auxAddresses: stringMapAt(pool, 'AuxiliaryAddresses'),
        };
      }),
    },
  };
}

/** VolumeSettings → `POST /volumes/create` body. */
export function volumeCreateBody(settings: VolumeSettings, labels: Labels): VolumeCreateOptions {
  return { Name: settings.name, Driver: settings.driver ?? 'local', DriverOpts: { ...settings.driverOpts }, Labels: { ...settings.labels, ...labels } };
}

/** A volume as `GET /volumes/{name}` reports it → VolumeSettings. */
export function mapVolume(json: unknown): VolumeSettings {
  return { name: stringAt(json, 'Name') ?? '', driver: stringAt(json, 'Driver') ?? 'local', driverOpts: stringMapAt(json, 'Options'), labels: stringMapAt(json, 'Labels') };
}
