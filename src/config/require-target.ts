import { ConfigError } from '../errors';
import type { FlowOptions } from './flow-options';

/** The target for flows that need one (deploy, scale, stop-old, proxy); `status` works without. */
export function requireTarget(options: Pick<FlowOptions, 'target'>): string {
  if (options.target !== undefined) return options.target;
  throw new ConfigError('--target', 'is required: name the compose service to deploy, e.g. --target=app (yml: target, env: FLOW_TARGET)', {
    hint: 'add --target=<service>, "target: <service>" to docker-flow.yml, or set FLOW_TARGET',
  });
}
