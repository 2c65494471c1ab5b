import { ConfigError, UnreachableError } from '../errors';
import type { ClusterView, StoredServiceState } from './cluster-view';
import type { HostSpec } from './host';
import { placeInstances, type HostLoad } from './placement';
import type { PlanStep } from './plan';
import type { ComposeModel, PlacementSpec, ServiceSpec } from './service-spec';

/** Small pieces shared by the deploy, rolling and scale planners. */
/** What the planners of a target's instances (deploy, scale) share: where, what is stored and seen, and the waits. */
export interface TargetPlanInput {
  readonly project: string;
  readonly target: string;
  readonly blueGreen: boolean;
  readonly model: ComposeModel;
  readonly view: ClusterView;
  readonly stored: StoredServiceState;
  readonly healthTimeoutMs: number;
  readonly settleMs: number;
  readonly drainMs: number;
  /** Container port routed by the proxy, when the service is behind it (rolling deploys re-route per instance). */
  readonly routedPort?: number;
}

export function targetSpec(model: ComposeModel, name: string, key: string): ServiceSpec {
  const spec = model.services[name];
  if (spec === undefined) {
    const known = Object.keys(model.services).sort().join(', ');
    throw new ConfigError(key, `"${name}" is not a service of the compose file`, { hint: `services are: ${known || '(none)'}` });
  }
  return spec;
}

/** Pull steps: the target's image on every host that runs it and lacks it. */
export function pullSteps(view: ClusterView, hosts: readonly string[], image: string, always: boolean): PlanStep[] {
  return [...new Set(hosts)]
    .sort()
    .filter((host) => always || !(view.images.get(host)?.has(image) ?? false))
    .map((host) => ({ kind: 'pull', host, image }));
}

/** On every host: each network and named volume the services use, created with their settings (external ones checked). */
export function networkSteps(model: ComposeModel, specs: readonly ServiceSpec[], hosts: readonly string[]): PlanStep[] {
  const steps: PlanStep[] = [];
  for (const host of [...new Set(hosts)].sort()) {
    const keys = [...new Set(specs.flatMap((s) => s.networks))].sort();
    for (const key of keys) {
      const network = model.networks[key];
      if (network !== undefined) steps.push({ kind: 'ensure-network', host, key, network });
    }
    const volumes = [...new Set(specs.flatMap((s) => s.volumes.filter((v) => v.type === 'volume' && v.source !== undefined).map((v) => v.source ?? '')))].sort();
    for (const key of volumes) {
      const volume = model.volumes[key];
      if (volume !== undefined) steps.push({ kind: 'ensure-volume', host, key, volume });
    }
  }
  return steps;
}

/**
 * Where `count` new instances go among the hosts that answered. When they cannot take them and
 * some host did not answer, nothing may start: the error names every silent host and why, so the
 * user can bring it back (exit 4) rather than edit the constraints.
 */
export function placeOnReachable(view: ClusterView, placement: PlacementSpec, load: ReadonlyMap<string, HostLoad>, count: number, key: string): readonly string[] {
  try {
    return placeInstances(view.hosts, placement, load, count, key);
  } catch (error) {
    if (!(error instanceof ConfigError) || view.unreachable.length === 0) throw error;
    const silent = view.unreachable.map((u) => `${u.host} (${u.reason})`).join('; ');
    const names = view.unreachable.map((u) => u.host).join(', ');
    const reachable = view.hosts.map((h) => h.name).join(', ');
    throw new UnreachableError(`cannot place ${count} instance${count === 1 ? '' : 's'} on the hosts that answered (${reachable}): ${error.message}; did not answer: ${silent}; nothing was started`, {
      hint: `bring the engine on ${names} back (or fix its endpoint) and run the command again; or change ${key}`,
      cause: error,
    });
  }
}

export function hostLoad(view: ClusterView, counted: (host: string) => number): ReadonlyMap<string, HostLoad> {
  return new Map(view.hosts.map((h) => [h.name, { service: counted(h.name), total: view.totals.get(h.name) ?? 0 }]));
}

/**
 * Fixed host ports and instance counts: one fixed port holds one instance, a host range
 * (`6005-6015:80`) as many as it has ports. Blue-green runs both colours at once, so it needs
 * room for 2 × count; a rolling deploy starts each new instance before an old one stops, so it
 * needs count + 1 (counted as if every instance landed on one host). Scale checks the same, so
 * the next deploy of the count it sets fits as well.
 */
export function checkFixedPorts(spec: ServiceSpec, count: number, blueGreen: boolean, key: string): void {
  const peak = blueGreen ? 2 * count : count + 1;
  for (const port of spec.ports) {
    if (port.hostPort === undefined) continue;
    const room = (port.hostPortEnd ?? port.hostPort) - port.hostPort + 1;
    if (peak <= room) continue;
    const who = blueGreen
      ? `blue and green${count > 1 ? ` (2 × scale ${count})` : ''}`
      : `a rolling deploy of scale ${count} (each new instance is started and healthy before an old one stops, so scale + 1 run at once)`;
    if (port.hostPortEnd === undefined) {
      const why = blueGreen ? `two instances (${who}) cannot both bind it` : `${who}: two instances cannot both bind it, and stopping the old one first would drop requests`;
      throw new ConfigError(key, `service ${spec.name} publishes the fixed host port ${port.hostPort}:${port.containerPort}; ${why}`, {
        hint: `publish only the container port (ports: ["${port.containerPort}"]) so Docker picks a free host port; the proxy finds it` +
          (blueGreen ? '' : `; or give a host range with room for the extra instance (${port.hostPort}-${port.hostPort + peak - 1}:${port.containerPort})`),
      });
    }
    const range = `${port.hostPort}-${port.hostPortEnd}`;
    throw new ConfigError(key, `service ${spec.name} publishes ${port.containerPort} on the host port range ${range} (${room} ports); ${who} needs up to ${peak} instances on one host, more than the range holds`, {
      hint: `widen the range to at least ${peak} ports (${port.hostPort}-${port.hostPort + peak - 1}:${port.containerPort}), lower the scale, or publish only the container port (ports: ["${port.containerPort}"])`,
    });
  }
}

export function hostByName(hosts: readonly HostSpec[], name: string): HostSpec {
  const host = hosts.find((h) => h.name === name);
  if (host === undefined) throw new Error(`placement chose unknown host ${name}`);
  return host;
}
