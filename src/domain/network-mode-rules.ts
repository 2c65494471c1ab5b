import { ConfigError } from '../errors';
import { instancesOf, isUp, type ClusterView } from './cluster-view';
import type { NetworkMode, ServiceSpec } from './service-spec';

export interface NetworkModeContext {
  readonly project: string;
  readonly target: string;
  readonly sideTargets: readonly string[];
  readonly view: ClusterView;
}

/**
 * What `network_mode:` implies for a deploy. The target runs two instances side by side (blue
 * and green, or the new one before the old one stops in a rolling replace): in the host's stack
 * or one shared namespace both would bind the same port, so a target with network_mode
 * host/service:/container: must not listen on any port (a worker). `service:<name>` joins a
 * side target's container, which must be started by this deploy or already running; never the
 * target's own, whose containers change with every release.
 */
export function checkNetworkModes(specs: readonly ServiceSpec[], context: NetworkModeContext): void {
  for (const spec of specs) {
    const mode = spec.networkMode;
    if (mode === undefined) continue;
    const key = `compose: services.${spec.name}.network_mode`;
    if (spec.name === context.target) checkListening(spec, mode, key);
    if (mode.kind !== 'service') continue;
    if (mode.service === context.target) {
      throw new ConfigError(key, `is service:${mode.service}, the deploy target, whose containers change colour with every release`, {
        hint: `share the network of a side target instead, or give services.${spec.name} networks: to reach ${mode.service} by name`,
      });
    }
    const running = instancesOf(context.view, context.project, mode.service, undefined, 'side').some(isUp);
    if (!context.sideTargets.includes(mode.service) && !running) {
      throw new ConfigError(key, `is service:${mode.service}, but ${mode.service} is not a side target of this deploy and does not run on any host`, {
        hint: `add --side-target=${mode.service} so it starts first`,
      });
    }
  }
}

/** `host`, `none`, `bridge`, `service:db`, `container:vpn`: as written in the compose file. */
export function describeNetworkMode(mode: NetworkMode): string {
  switch (mode.kind) {
    case 'service':
      return `service:${mode.service}`;
    case 'container':
      return `container:${mode.container}`;
    default:
      return mode.kind;
  }
}

function checkListening(spec: ServiceSpec, mode: NetworkMode, key: string): void {
  if (mode.kind === 'none' || mode.kind === 'bridge') return;
  const port = spec.ports[0]?.containerPort ?? spec.expose[0];
  if (port === undefined) return;
  const shared = mode.kind === 'host' ? "the host's own network stack" : `the network namespace of ${mode.kind === 'service' ? `service ${mode.service}` : `container ${mode.container}`}`;
  throw new ConfigError(key, `is ${describeNetworkMode(mode)} for the deploy target, which listens on ${port}: its instances share ${shared}, so two of them (blue and green, or the new and the old one in a rolling replace) would both bind ${port}`, {
    hint: `remove network_mode: from services.${spec.name} and publish the container port (ports: ["${port}"]): each instance then gets a free host port and the proxy finds it; keep network_mode: host for side targets or for a target that listens on no port`,
  });
}
