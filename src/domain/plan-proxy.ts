import { ConfigError } from '../errors';
import type { StoredServiceState } from './cluster-view';
import type { Color } from './color';
import { describeNetworkMode } from './network-mode-rules';
import { customTemplatesOf, phases, type Plan } from './plan';
import type { NetworkMode } from './service-spec';

export interface ProxyInput {
  readonly service: string;
  readonly project: string;
  readonly target: string;
  readonly blueGreen: boolean;
  readonly stored: StoredServiceState;
  /** The colour deployed in this invocation, when `deploy` ran before `proxy`. */
  readonly deployedColor: Color | undefined;
  /** --service-path values given now (they replace the stored ones). */
  readonly paths: readonly string[];
  readonly port: number | undefined;
  /** The target's network_mode, when it has one (then nothing of it is published). */
  readonly networkMode?: NetworkMode;
  /** --canary-weight: the new colour's share while the routed one keeps the rest. */
  readonly canaryWeight?: number;
}

/** `--flow=proxy`: route the service's paths to the new colour (deployed now) or the live one. */
export function planProxy(input: ProxyInput): Plan {
  const paths = input.paths.length > 0 ? input.paths : input.stored.routedPaths ?? [];
  if (paths.length === 0) {
    throw new ConfigError('--service-path', `--flow=proxy has no path to route for ${input.service}`, {
      hint: 'give the path prefix clients use, e.g. --service-path=/demo (yml: service_path, env: FLOW_SERVICE_PATH); it is remembered for later runs',
    });
  }
  if (input.port === undefined && input.networkMode !== undefined) {
    throw new ConfigError('--target', `${input.target} has network_mode: ${describeNetworkMode(input.networkMode)}, so none of its ports is published for the proxy to route to`, {
      hint: `remove network_mode: from services.${input.target} and publish the port it listens on (ports: ["8080"]) to put it behind the proxy`,
    });
  }
  if (input.port === undefined) {
    throw new ConfigError('--target', `${input.target} publishes no port for the proxy to route to`, {
      hint: `add the port the service listens on to the compose file, e.g. ports: ["8080"]`,
    });
  }
  const color = input.blueGreen ? input.deployedColor ?? input.stored.color : undefined;
  if (input.blueGreen && color === undefined) {
    throw new ConfigError('--flow', `${input.service} has no release to route to`, { hint: 'deploy first: --flow=deploy --flow=proxy' });
  }
  const routed = input.stored.routedColor;
  const canary = input.canaryWeight !== undefined && color !== undefined && routed !== undefined && routed !== color ? { color, percent: input.canaryWeight } : undefined;
  const route = {
    service: input.service, project: input.project, target: input.target,
    color: canary === undefined ? color : routed, paths: [...paths].sort(), port: input.port, exclude: [],
    ...(canary === undefined ? {} : { canary }),
    ...customTemplatesOf(input.stored),
  };
  const to = canary === undefined ? (color ?? input.target) : `${routed ?? ''} ${100 - canary.percent} % / ${canary.color} ${canary.percent} % (canary; --flow=proxy again promotes ${canary.color} to 100 %)`;
  return {
    title: `proxy ${input.service}: ${paths.join(', ')} → ${to}`,
    service: input.service,
    phases: phases({ title: 'switch the proxy', steps: [{ kind: 'route', route }] }),
    onFailure: [],
  };
}
