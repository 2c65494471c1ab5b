import type { Color } from './color';
import type { PlanPhase } from './plan';
import type { DeployInput } from './plan-deploy';
import { networkSteps, pullSteps } from './plan-helpers';
import type { SideTargetSteps } from './plan-side-targets';
import { releaseCommandSteps } from './release-command';
import type { ServiceSpec } from './service-spec';

/**
 * What every deploy does before its new instances start: networks and volumes, pulls, side
 * targets (started and healthy), then the release command once, on the first new instance's host.
 */
export function preparePhases(input: DeployInput, spec: ServiceSpec, sides: SideTargetSteps, placed: readonly string[], color: Color | undefined, release: number): readonly PlanPhase[] {
  return [
    { title: 'prepare networks and volumes', steps: networkSteps(input.model, [spec, ...sides.specs], [...placed, ...sides.hosts]) },
    { title: 'pull images', steps: [...pullSteps(input.view, placed, spec.image, false), ...sides.pulls] },
    ...sides.phases,
    { title: 'release command', steps: releaseCommandSteps(input, spec, color, release, placed[0]) },
  ];
}
