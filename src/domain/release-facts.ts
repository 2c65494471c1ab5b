import type { Color } from './color';

/** What hooks and notifications are told about one release. */
export interface ReleaseFacts {
  /** `<project>-<target>` */
  readonly service: string;
  readonly project: string;
  readonly target: string;
  readonly release: number;
  /** The colour being released; absent for rolling deploys. */
  readonly color?: Color;
  /** The colour that was live before; absent on the first deploy and for rolling deploys. */
  readonly previousColor?: Color;
  readonly image: string;
  /** Hosts the new instances run on, sorted. */
  readonly hosts: readonly string[];
}

/** `pending` while the release has not run yet (before_deploy). */
export type ReleaseOutcome = 'pending' | 'succeeded' | 'failed';

/**
 * The environment of a hook (added to docker-flow's own). Every variable is always set (empty
 * when unknown) so scripts with `set -u` work the same for every release.
 */
export function hookEnvironment(facts: ReleaseFacts, result: ReleaseOutcome, error?: string): Readonly<Record<string, string>> {
  return {
    DOCKER_FLOW_SERVICE: facts.service,
    DOCKER_FLOW_PROJECT: facts.project,
    DOCKER_FLOW_TARGET: facts.target,
    DOCKER_FLOW_COLOR: facts.color ?? '',
    DOCKER_FLOW_PREVIOUS_COLOR: facts.previousColor ?? '',
    DOCKER_FLOW_RELEASE: String(facts.release),
    DOCKER_FLOW_HOSTS: facts.hosts.join(','),
    DOCKER_FLOW_RESULT: result,
    DOCKER_FLOW_IMAGE: facts.image,
    DOCKER_FLOW_ERROR: error ?? '',
  };
}
