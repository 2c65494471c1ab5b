import type { ContainerCreateOptions, MountSettings } from 'dockerode';
import type { ContainerCreateSpec, MountSpec } from '../../domain/container';

const nsPerMs = 1_000_000;

/**
 * ContainerCreateSpec → `POST /containers/create` body. Only the first network is given here
 * (the engine accepts one at create time); the others are connected before start.
 */
export function mapCreateSpec(spec: ContainerCreateSpec, options: { readonly autoRemove?: boolean } = {}): ContainerCreateOptions {
  const [firstNetwork] = spec.networks;
  const exposed: Record<string, Record<string, never>> = {};
  for (const port of spec.exposedPorts) exposed[`${port.containerPort}/${port.protocol}`] = {};
  const bindings: Record<string, { HostIp: string; HostPort: string }[]> = {};
  for (const binding of spec.portBindings) {
    const key = `${binding.containerPort}/${binding.protocol}`;
    exposed[key] = {};
    (bindings[key] ??= []).push({ HostIp: binding.hostIp, HostPort: binding.hostPort === undefined ? '' : String(binding.hostPort) });
  }
  return {
    name: spec.name,
    Image: spec.image,
    Env: [...spec.env],
    Labels: { ...spec.labels },
    ...(spec.command === undefined ? {} : { Cmd: [...spec.command] }),
    ...(spec.entrypoint === undefined ? {} : { Entrypoint: [...spec.entrypoint] }),
    ExposedPorts: exposed,
    ...(spec.healthcheck === undefined ? {} : { Healthcheck: mapHealthcheck(spec.healthcheck) }),
    ...(spec.user === undefined ? {} : { User: spec.user }),
    ...(spec.workingDir === undefined ? {} : { WorkingDir: spec.workingDir }),
    ...(spec.stopSignal === undefined ? {} : { StopSignal: spec.stopSignal }),
    ...(spec.stopTimeoutSec === undefined ? {} : { StopTimeout: spec.stopTimeoutSec }),
    HostConfig: {
      PortBindings: bindings,
      Mounts: spec.mounts.map(mapMount),
      AutoRemove: options.autoRemove ?? false,
      ...(spec.restartPolicy === undefined
        ? {}
        : {
            RestartPolicy: {
              Name: spec.restartPolicy.name,
              ...(spec.restartPolicy.maximumRetryCount === undefined ? {} : { MaximumRetryCount: spec.restartPolicy.maximumRetryCount }),
            },
          }),
      ...(firstNetwork === undefined ? {} : { NetworkMode: firstNetwork.name }),
    },
    ...(firstNetwork === undefined
      ? {}
      : { NetworkingConfig: { EndpointsConfig: { [firstNetwork.name]: { Aliases: [...firstNetwork.aliases] } } } }),
  };
}

function mapHealthcheck(check: NonNullable<ContainerCreateSpec['healthcheck']>): NonNullable<ContainerCreateOptions['Healthcheck']> {
  return {
    Test: [...check.test],
    ...(check.intervalMs === undefined ? {} : { Interval: check.intervalMs * nsPerMs }),
    ...(check.timeoutMs === undefined ? {} : { Timeout: check.timeoutMs * nsPerMs }),
    ...(check.retries === undefined ? {} : { Retries: check.retries }),
    ...(check.startPeriodMs === undefined ? {} : { StartPeriod: check.startPeriodMs * nsPerMs }),
  };
}

function mapMount(mount: MountSpec): MountSettings {
  return { Type: mount.type, Source: mount.source ?? '', Target: mount.target, ReadOnly: mount.readOnly };
}
