import type { FlowOptions } from '../config/flow-options';
import { ConfigError } from '../errors';

/** What `docker-flow agent` needs before it starts: something to do, and a target for each thing. */
export function checkAgentOptions(options: FlowOptions): void {
  if (options.schedules.length === 0 && options.watchImage === undefined) {
    throw new ConfigError('docker-flow agent', 'has nothing to do: docker-flow.yml has no "schedules:" and no image is watched', {
      hint: 'add schedules: to docker-flow.yml (name, cron, flows, ...), or watch a repository: --watch-image 127.0.0.1:5000/app (yml: watch_image, env: FLOW_WATCH_IMAGE)',
    });
  }
  if (options.watchImage !== undefined && options.target === undefined) {
    throw new ConfigError('--target', `watching ${options.watchImage} needs the compose service whose image it is`, {
      hint: 'give --target (yml: target, env: FLOW_TARGET)',
    });
  }
  for (const schedule of options.schedules) {
    if (schedule.options.target === undefined) {
      throw new ConfigError(`${schedule.key}.target`, `schedule ${schedule.name} has no target (and docker-flow.yml none at the top level)`, {
        hint: 'give the schedule a target: key, or set target: at the top level of docker-flow.yml',
      });
    }
  }
}
