import type { ContainerCreateOptions, MountSettings } from 'dockerode';
import type { ContainerCreateSpec, MountSpec, NetworkAttachment } from '../../domain/container';
import { mapRuntimeSettings } from './map-runtime-settings';

const nsPerMs = 1_000_000;

/**
 * ContainerCreateSpec → `POST /containers/create` body. Only the first network is given here
 * (the engine accepts one at create time); the others are connected before start. Binds that
 * may create their host path go in HostConfig.Binds, every other mount in HostConfig.Mounts.
 * The service's runtime settings come first, so what docker-flow sets itself (name, labels, ports,
 * mounts, networks, restart policy, a one-off's stdin and TTY) is never replaced by them.
 */
export function mapCreateSpec(spec: ContainerCreateSpec, options: { readonly autoRemove?: boolean } = {}): ContainerCreateOptions {
  const [firstNetwork] = spec.networks;
  const binds = spec.mounts.filter((m) => m.type === 'bind' && m.createHostPath === true);
  const mounts = spec.mounts.filter((m) => !binds.includes(m));
  const exposed: Record<string, Record<string, never>> = {};
  for (const port of spec.exposedPorts) exposed[`${port.containerPort}/${port.protocol}`] = {};
  const bindings: Record<string, { HostIp: string; HostPort: string }[]> = {};
  for (const binding of spec.portBindings) {
    const key = `${binding.containerPort}/${binding.protocol}`;
    exposed[key] = {};
    (bindings[key] ??= []).push({ HostIp: binding.hostIp, HostPort: hostPortText(binding) });
  }
  const runtime = spec.runtime === undefined ? undefined : mapRuntimeSettings(spec.runtime);
  return {
    ...runtime?.config,
    name: spec.name,
    Image: spec.image,
    Env: [...spec.env],
    Labels: { ...spec.labels },
    ...(spec.command === undefined ? {} : { Cmd: [...spec.command] }),
    ...(spec.entrypoint === undefined ? {} : { Entrypoint: [...spec.entrypoint] }),
    ExposedPorts: exposed,
    ...(spec.interactive === undefined
      ? {}
      : { Tty: spec.interactive.tty, OpenStdin: spec.interactive.stdin, StdinOnce: spec.interactive.stdin, AttachStdin: spec.interactive.stdin, AttachStdout: true, AttachStderr: true }),
    ...(spec.healthcheck === undefined ? {} : { Healthcheck: mapHealthcheck(spec.healthcheck) }),
    ...(spec.user === undefined ? {} : { User: spec.user }),
    ...(spec.workingDir === undefined ? {} : { WorkingDir: spec.workingDir }),
    ...(spec.stopSignal === undefined ? {} : { StopSignal: spec.stopSignal }),
    ...(spec.stopTimeoutSec === undefined ? {} : { StopTimeout: spec.stopTimeoutSec }),
    HostConfig: {
      ...runtime?.hostConfig,
      PortBindings: bindings,
      ...(binds.length === 0 ? {} : { Binds: binds.map(bindText) }),
      Mounts: mounts.map(mapMount),
      AutoRemove: options.autoRemove ?? false,
      ...(spec.restartPolicy === undefined
        ? {}
        : {
            RestartPolicy: {
              Name: spec.restartPolicy.name,
              ...(spec.restartPolicy.maximumRetryCount === undefined ? {} : { MaximumRetryCount: spec.restartPolicy.maximumRetryCount }),
            },
          }),
      ...(spec.networkMode !== undefined ? { NetworkMode: spec.networkMode } : firstNetwork === undefined ? {} : { NetworkMode: firstNetwork.name }),
    },
    ...(firstNetwork === undefined || spec.networkMode !== undefined
      ? {}
      : { NetworkingConfig: { EndpointsConfig: { [firstNetwork.name]: endpointConfig(firstNetwork) } } }),
  };
}

/** The endpoint settings of one network: aliases, and driver options when there are any. */
export function endpointConfig(network: NetworkAttachment): { Aliases: string[]; DriverOpts?: Record<string, string> } {
  return { Aliases: [...network.aliases], ...(network.driverOpts === undefined ? {} : { DriverOpts: { ...network.driverOpts } }) };
}

/** `""` (the engine picks), `"8080"`, or a range `"6005-6015"` (the engine picks a free port of it). */
function hostPortText(binding: ContainerCreateSpec['portBindings'][number]): string {
  if (binding.hostPort === undefined) return '';
  return binding.hostPortEnd === undefined ? String(binding.hostPort) : `${binding.hostPort}-${binding.hostPortEnd}`;
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

/**
 * A bind that may create its host path, in HostConfig.Binds' form `source:target:rw[,z][,rslave]`:
 * only Binds create a missing source directory (as `docker run -v` and Compose do); Mounts refuse it.
 */
function bindText(mount: MountSpec): string {
  const options = [mount.readOnly ? 'ro' : 'rw', ...(mount.selinux === undefined ? [] : [mount.selinux]), ...(mount.propagation === undefined ? [] : [mount.propagation])];
  return `${mount.source ?? ''}:${mount.target}:${options.join(',')}`;
}

/**
 * Mount options as the Engine API takes them. Zero means "not set" to the engine (no size limit,
 * the default mode 1777; an empty driver name keeps the volume's own driver).
 */
function mapMount(mount: MountSpec): MountSettings {
  const tmpfs = mount.tmpfsSizeBytes === undefined && mount.tmpfsMode === undefined ? undefined : { SizeBytes: mount.tmpfsSizeBytes ?? 0, Mode: mount.tmpfsMode ?? 0 };
  return {
    Type: mount.type,
    Source: mount.source ?? '',
    Target: mount.target,
    ReadOnly: mount.readOnly,
    ...(mount.propagation === undefined ? {} : { BindOptions: { Propagation: mount.propagation } }),
    ...(mount.noCopy === undefined ? {} : { VolumeOptions: { NoCopy: mount.noCopy, Labels: {}, DriverConfig: { Name: '', Options: {} } } }),
    ...(tmpfs === undefined ? {} : { TmpfsOptions: tmpfs }),
  };
}
