import { ConfigError } from '../errors';
import type { KeyOf } from './check-option-files';
import type { FlowOptions } from './flow-options';
import { checkCanarySteps } from './check-canary-rules';

/** Rules that tie options together, checked after each value was parsed on its own. */
export function checkOptionRules(options: FlowOptions, keyOf: KeyOf): void {
  const target = options.target;
  if (target !== undefined && options.sideTargets.includes(target)) {
    throw new ConfigError(keyOf('sideTargets'), `"${target}" is the target itself; side targets are other compose services started beside it`, {
      hint: `remove ${target} from the side targets (--side-target, "side_targets:" in docker-flow.yml or FLOW_SIDE_TARGETS), or choose another --target`,
    });
  }
  const count = options.proxies.length;
  if (options.proxyTolerateDown > count) {
    throw new ConfigError(keyOf('proxyTolerateDown'), `${options.proxyTolerateDown} is more than the ${count} ${count === 1 ? 'proxy' : 'proxies'} of the tier (${options.proxies.map((p) => p.name).join(', ')}); accepted: 0 to ${count}`, {
      hint: `give at most ${count} (the number of proxies in "proxies:" or --proxy-docker-host), or add proxies to the tier`,
    });
  }
  checkCanarySteps(options, keyOf);
}
