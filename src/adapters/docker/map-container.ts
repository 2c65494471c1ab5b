import type { ContainerInfo, ContainerState, HealthState, PublishedPort } from '../../domain/container';
import { isColor } from '../../domain/color';
import { composeLabel, flowLabel, type ContainerRole } from '../../domain/labels';
import { arrayAt, compareText, numberAt, parseNonNegativeInt, recordAt, stringAt, stringMapAt } from '../../domain/json-fields';

const containerStates: readonly ContainerState[] = ['created', 'running', 'paused', 'restarting', 'removing', 'exited', 'dead'];
const healthStates: readonly HealthState[] = ['starting', 'healthy', 'unhealthy'];
const roles: readonly ContainerRole[] = ['target', 'side', 'release-command', 'one-off', 'proxy'];

/**
 * The one place that turns `GET /containers/{id}/json` into our ContainerInfo.
 * `hostName` is the HostSpec.name of the engine that answered.
 */
export function mapContainer(inspect: unknown, hostName: string): ContainerInfo {
  const state = recordAt(inspect, 'State');
  const config = recordAt(inspect, 'Config');
  const labels = stringMapAt(config, 'Labels');
  const status = mapState(stringAt(state, 'Status'), state['Running'] === true);
  const healthLog = lastHealthOutput(recordAt(state, 'Health'));
  const exitCode = numberAt(state, 'ExitCode');
  const startedAt = stringAt(state, 'StartedAt');
  const stopTimeoutSec = numberAt(config, 'StopTimeout');
  return {
    id: stringAt(inspect, 'Id') ?? '',
    name: (stringAt(inspect, 'Name') ?? '').replace(/^\//, ''),
    host: hostName,
    state: status,
    health: mapHealth(stringAt(recordAt(state, 'Health'), 'Status')),
    ...(healthLog === undefined ? {} : { healthLog }),
    image: stringAt(config, 'Image') ?? '',
    imageId: stringAt(inspect, 'Image') ?? '',
    labels,
    publishedPorts: mapPorts(recordAt(recordAt(inspect, 'NetworkSettings'), 'Ports')),
    restartCount: numberAt(inspect, 'RestartCount') ?? 0,
    ...((status === 'exited' || status === 'dead') && exitCode !== undefined ? { exitCode } : {}),
    ...(startedAt === undefined || startedAt.startsWith('0001-') ? {} : { startedAt }),
    ...(stopTimeoutSec === undefined ? {} : { stopTimeoutSec }),
    ...decodeFlowLabels(labels),
  };
}

function mapState(status: string | undefined, running: boolean): ContainerState {
  const known = containerStates.find((candidate) => candidate === status);
  return known ?? (running ? 'running' : 'exited');
}

function mapHealth(status: string | undefined): HealthState {
  return healthStates.find((candidate) => candidate === status) ?? 'none';
}

/** Output of the newest health check, trimmed; undefined when there is none or it is empty. */
function lastHealthOutput(health: Readonly<Record<string, unknown>>): string | undefined {
  const log = arrayAt(health, 'Log');
  const output = stringAt(log[log.length - 1], 'Output')?.trim();
  return output === undefined || output === '' ? undefined : output;
}

/** `{"8080/tcp": [{"HostIp": "127.0.0.1", "HostPort": "49153"}], "9000/tcp": null}` */
function mapPorts(ports: Readonly<Record<string, unknown>>): readonly PublishedPort[] {
  const published: PublishedPort[] = [];
  for (const [key, bindings] of Object.entries(ports)) {
    const match = /^(\d+)\/(tcp|udp)$/.exec(key);
    const containerPort = parseNonNegativeInt(match?.[1]);
    const protocol = match?.[2] === 'udp' ? 'udp' : 'tcp';
    if (containerPort === undefined || !Array.isArray(bindings)) continue;
    for (const binding of bindings) {
      const hostPort = parseNonNegativeInt(stringAt(binding, 'HostPort'));
      if (hostPort === undefined) continue;
      published.push({ containerPort, protocol, hostIp: stringAt(binding, 'HostIp') ?? '', hostPort });
    }
  }
  return published.sort(
    (a, b) => a.containerPort - b.containerPort || compareText(a.protocol, b.protocol) ||
      compareText(a.hostIp, b.hostIp) || a.hostPort - b.hostPort,
  );
}

type DecodedLabels = Pick<ContainerInfo, 'project' | 'target' | 'color' | 'release' | 'number' | 'role'>;

/** Our labels, each only when present and well-formed; nothing for containers we did not create. */
export function decodeFlowLabels(labels: Readonly<Record<string, string>>): DecodedLabels {
  const project = labels[flowLabel.project];
  if (project === undefined) return {};
  const target = labels[flowLabel.target];
  const color = labels[flowLabel.color];
  const release = parseNonNegativeInt(labels[flowLabel.release]);
  const number = parseNonNegativeInt(labels[composeLabel.containerNumber]);
  const role = roles.find((candidate) => candidate === labels[flowLabel.role]);
  return {
    project,
    ...(target === undefined ? {} : { target }),
    ...(isColor(color) ? { color } : {}),
    ...(release === undefined ? {} : { release }),
    ...(number === undefined ? {} : { number }),
    ...(role === undefined ? {} : { role }),
  };
}
