import { ConfigError } from '../errors';
import { parseDockerEndpoint } from './parse-docker-endpoint';
import type { KeyOf } from './check-option-files';
import type { FlowOptions } from './flow-options';

/** Rules that tie options together, checked after each value was parsed on its own. */
export function checkOptionRules(options: FlowOptions, keyOf: KeyOf): void {
  const target = options.target;
  if (target !== undefined && options.sideTargets.includes(target)) {
    throw new ConfigError(keyOf('sideTargets'), `"${target}" is the target itself; side targets are other compose services started beside it`, {
      hint: `remove ${target} from the side targets (--side-target, "side_targets:" in docker-flow.yml or FLOW_SIDE_TARGETS), or choose another --target`,
    });
  }
  const proxyHost = options.proxyDockerHost;
  if (proxyHost !== undefined && parseDockerEndpoint(proxyHost) === undefined && !options.hosts.some((h) => h.name === proxyHost)) {
    throw new ConfigError(keyOf('proxyDockerHost'), `"${proxyHost}" is neither a Docker endpoint nor the name of a host of the cluster (hosts: ${options.hosts.map((h) => h.name).join(', ')})`, {
      hint: 'name a host of the "hosts:" list or -H, or give the proxy host\'s endpoint, e.g. --proxy-docker-host=tcp://10.0.0.5:2376 with --proxy-docker-cert-path',
    });
  }
}
