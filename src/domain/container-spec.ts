import type { Color } from './color';
import type { ContainerCreateSpec, MountSpec, NetworkAttachment, PortBinding } from './container';
import type { HostSpec } from './host';
import { composeLabel, flowLabel, type ContainerRole } from './labels';
import { catalogName, containerName, releaseTarget, serviceName } from './names';
import type { ComposeModel, NetworkMode, ServiceSpec } from './service-spec';

export interface InstanceIdentity {
  readonly project: string;
  /** The compose service name (target or side target). */
  readonly target: string;
  readonly color: Color | undefined;
  readonly number: number;
  readonly release: number;
  readonly role: ContainerRole;
  readonly host: HostSpec;
}

/**
 * The container to create for one instance of a compose service: named and labelled as SPEC §3
 * says (Compose labels so `docker compose ps` sees it, ours for service, colour and release),
 * with SERVICE_NAME for registrator and ports bound to the host's address.
 */
export function buildContainerSpec(model: ComposeModel, spec: ServiceSpec, id: InstanceIdentity): ContainerCreateSpec {
  const name = containerName(id.project, id.target, id.color, id.number);
  const labels: Record<string, string> = {
    ...spec.labels,
    [composeLabel.project]: id.project,
    [composeLabel.service]: releaseTarget(id.target, id.color),
    [composeLabel.containerNumber]: String(id.number),
    [composeLabel.oneoff]: 'False',
    [flowLabel.service]: serviceName(id.project, id.target),
    [flowLabel.project]: id.project,
    [flowLabel.target]: id.target,
    [flowLabel.release]: String(id.release),
    [flowLabel.role]: id.role,
    [flowLabel.host]: id.host.name,
  };
  if (id.color !== undefined) labels[flowLabel.color] = id.color;
  const env: Record<string, string> = { ...spec.environment, SERVICE_NAME: catalogName(id.project, id.target, id.color) };
  const restart = parseRestart(spec.restart);
  return {
    name,
    image: spec.image,
    ...(spec.command === undefined ? {} : { command: spec.command }),
    ...(spec.entrypoint === undefined ? {} : { entrypoint: spec.entrypoint }),
    env: Object.keys(env).sort().map((key) => `${key}=${env[key] ?? ''}`),
    labels,
    exposedPorts: exposedPorts(spec),
    portBindings: portBindings(spec, id.host),
    ...(spec.healthcheck === undefined ? {} : { healthcheck: spec.healthcheck }),
    ...(restart === undefined ? {} : { restartPolicy: restart }),
    ...(spec.user === undefined ? {} : { user: spec.user }),
    ...(spec.workingDir === undefined ? {} : { workingDir: spec.workingDir }),
    mounts: spec.volumes.map((volume): MountSpec => mountFor(model, volume)),
    networks: spec.networks.map((key): NetworkAttachment => {
      const options = spec.networkOptions[key];
      const driverOpts = options?.driverOpts ?? {};
      return {
        name: model.networks[key]?.name ?? `${id.project}_${key}`,
        aliases: [id.target, releaseTarget(id.target, id.color), ...(options?.aliases ?? [])].filter((a, i, all) => all.indexOf(a) === i),
        ...(Object.keys(driverOpts).length === 0 ? {} : { driverOpts }),
      };
    }),
    ...(spec.networkMode === undefined ? {} : { networkMode: engineNetworkMode(spec.networkMode, id.project) }),
    ...(spec.stopSignal === undefined ? {} : { stopSignal: spec.stopSignal }),
    ...(spec.stopGracePeriodMs === undefined ? {} : { stopTimeoutSec: Math.ceil(spec.stopGracePeriodMs / 1000) }),
    ...(Object.keys(spec.runtime).length === 0 ? {} : { runtime: spec.runtime }),
  };
}

/**
 * The container port the proxy routes to: the first published port, else the first exposed one.
 * None for a service with network_mode (other than bridge): nothing of it is published.
 */
export function routedPort(spec: ServiceSpec): number | undefined {
  if (spec.networkMode !== undefined && spec.networkMode.kind !== 'bridge') return undefined;
  return spec.ports[0]?.containerPort ?? spec.expose[0];
}

/**
 * `network_mode:` as the engine takes it. `service:<name>` joins that service's side-target
 * container (`<project>_<name>_1`; side targets run one instance, without colour).
 */
export function engineNetworkMode(mode: NetworkMode, project: string): string {
  switch (mode.kind) {
    case 'service':
      return `container:${containerName(project, mode.service, undefined, 1)}`;
    case 'container':
      return `container:${mode.container}`;
    default:
      return mode.kind;
  }
}

function exposedPorts(spec: ServiceSpec): ContainerCreateSpec['exposedPorts'] {
  const seen = new Map<string, { containerPort: number; protocol: 'tcp' | 'udp' }>();
  for (const port of spec.ports) seen.set(`${port.containerPort}/${port.protocol}`, { containerPort: port.containerPort, protocol: port.protocol });
  for (const port of spec.expose) seen.set(`${port}/tcp`, { containerPort: port, protocol: 'tcp' });
  return [...seen.values()];
}

/**
 * Published ports bind to the host's address (the one the proxy uses), never 0.0.0.0 by default.
 * When a service publishes nothing but exposes a port, that port is published on a free host port
 * so the proxy can reach it from another host.
 */
function portBindings(spec: ServiceSpec, host: HostSpec): readonly PortBinding[] {
  const bindings: PortBinding[] = spec.ports.map((port) => ({
    containerPort: port.containerPort,
    protocol: port.protocol,
    hostIp: port.hostIp ?? host.address,
    ...(port.hostPort === undefined ? {} : { hostPort: port.hostPort }),
    ...(port.hostPortEnd === undefined ? {} : { hostPortEnd: port.hostPortEnd }),
  }));
  const first = spec.expose[0];
  const ownStack = spec.networkMode === undefined || spec.networkMode.kind === 'bridge';
  if (bindings.length === 0 && first !== undefined && ownStack) bindings.push({ containerPort: first, protocol: 'tcp', hostIp: host.address });
  return bindings;
}

function mountFor(model: ComposeModel, volume: ServiceSpec['volumes'][number]): MountSpec {
  if (volume.type !== 'volume' || volume.source === undefined) return volume;
  return { ...volume, source: model.volumes[volume.source]?.name ?? volume.source };
}

function parseRestart(raw: string | undefined): ContainerCreateSpec['restartPolicy'] {
  if (raw === undefined || raw === '') return undefined;
  const [name = 'no', retries] = raw.split(':');
  return retries === undefined ? { name } : { name, maximumRetryCount: Number.parseInt(retries, 10) };
}
