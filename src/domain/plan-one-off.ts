import { instancesOf, isUp, type ClusterView, type StoredServiceState } from './cluster-view';
import type { ContainerCreateSpec } from './container';
import { ConfigError, UnreachableError } from '../errors';
import { serviceName } from './names';
import { phases, type Plan } from './plan';
import { hostByName, networkSteps, pullSteps } from './plan-helpers';
import type { ReleaseRecord } from './records';
import { commandText, oneOffContainerSpec } from './release-command';
import type { ComposeModel, ServiceSpec } from './service-spec';

export interface OneOffInput {
  readonly model: ComposeModel;
  readonly spec: ServiceSpec;
  readonly project: string;
  readonly target: string;
  readonly view: ClusterView;
  readonly stored: StoredServiceState;
  readonly releases: readonly ReleaseRecord[];
  readonly argv: readonly string[];
  /** `--node`: run there instead of beside the first live instance. */
  readonly node?: string;
  /** Makes the container's name unique: `<project>_<target>-run-<suffix>` (chosen by the caller). */
  readonly nameSuffix: string;
}

export interface OneOffPlan {
  /** Networks, volumes and the image on the chosen host (usually nothing to do). */
  readonly prepare: Plan;
  readonly host: string;
  readonly container: ContainerCreateSpec;
}

/**
 * `docker-flow run`: a one-off container from the live release's image (the image its running
 * instances run, else the last succeeded release's), with the service's environment, networks and
 * volumes, on the host of the first live instance (or `--node`). No live release is bad input.
 */
export function planOneOff(input: OneOffInput): OneOffPlan {
  const service = serviceName(input.project, input.target);
  const live = instancesOf(input.view, input.project, input.target, input.stored.color).filter(isUp);
  const recorded = input.releases.find((r) => r.result === 'succeeded');
  const image = live[0]?.image ?? recorded?.images[input.target]?.image;
  const release = live[0]?.release ?? recorded?.number;
  if (image === undefined || release === undefined) {
    throw new ConfigError('--target', `${service} has no live release to run a command from: nothing runs and no release succeeded`, { hint: 'deploy first: docker-flow --flow=deploy' });
  }
  const host = input.node ?? live[0]?.host ?? input.view.hosts[0]?.name;
  const silent = input.view.unreachable.find((u) => u.host === host);
  if (silent !== undefined) throw new UnreachableError(`host ${silent.host} did not answer (${silent.reason})`, { hint: 'run on another host with --node, or bring the engine back' });
  if (host === undefined) throw new UnreachableError('no Docker host answered', { hint: 'check that dockerd runs on the hosts' });
  const spec = { ...input.spec, image };
  const container = oneOffContainerSpec(input.model, spec, { project: input.project, target: input.target, color: input.stored.color, number: 1, release, role: 'one-off', host: hostByName(input.view.hosts, host) }, input.argv, `${input.project}_${input.target}-run-${input.nameSuffix}`);
  return {
    host,
    container,
    prepare: {
      title: `run ${commandText(input.argv)} once in ${container.name} on ${host} (${image}, release ${release}); removed afterwards`,
      service,
      phases: phases({ title: 'prepare networks, volumes and the image', steps: [...networkSteps(input.model, [spec], [host]), ...pullSteps(input.view, [host], image, false)] }),
      onFailure: [],
    },
  };
}
