import { ConfigError } from '../errors';
import { checkFixedPorts, hostByName, hostLoad, placeOnReachable, targetSpec, type TargetPlanInput } from './plan-helpers';
import { instancesOf } from './cluster-view';
import { nextColor, type Color } from './color';
import { buildContainerSpec } from './container-spec';
import { serviceName } from './names';
import { phases, type Plan, type PlanStep } from './plan';
import { resolveScale, type ScaleRequest } from './scale';
import { sideTargetSteps } from './plan-side-targets';
import { rollingSteps } from './plan-rolling';
import type { ReleaseCommand } from './release-command';
import { preparePhases } from './plan-prepare';
import { checkNetworkModes } from './network-mode-rules';

export interface DeployInput extends TargetPlanInput {
  readonly sideTargets: readonly string[];
  readonly scale?: ScaleRequest;
  readonly pullSideTargets: boolean;
  /** Run once from the new image after the pulls and side targets, before any new instance starts. */
  readonly releaseCommand?: ReleaseCommand;
}

export interface DeployPlan extends Plan {
  readonly color: Color | undefined;
  readonly previousColor: Color | undefined;
  readonly count: number;
  readonly release: number;
}

/** The release plan of `--flow=deploy`: blue-green (next colour beside the live one) or rolling. */
export function planDeploy(input: DeployInput): DeployPlan {
  const spec = targetSpec(input.model, input.target, '--target');
  const service = serviceName(input.project, input.target);
  if (input.stored.scale === undefined && input.scale === undefined && spec.replicas !== undefined && spec.replicas < 1) {
    throw new ConfigError(`compose: services.${spec.name}.deploy.replicas`, `is ${spec.replicas}; a deploy needs at least 1 instance`, {
      hint: 'set deploy.replicas to 1 or more, or give --scale',
    });
  }
  checkNetworkModes([spec, ...input.sideTargets.flatMap((name) => input.model.services[name] ?? [])], input);
  const count = resolveScale(input.stored.scale, input.scale, spec.replicas ?? 1);
  checkFixedPorts(spec, count, input.blueGreen, `compose: services.${spec.name}.ports`);
  if (input.view.hosts.length === 0) {
    throw new ConfigError('--host', 'no Docker host is reachable', { hint: input.view.unreachable.map((u) => `${u.host}: ${u.reason}`).join('; ') });
  }
  const release = input.stored.nextRelease;
  const sides = sideTargetSteps(input, release);
  if (!input.blueGreen) return rollingSteps(input, spec, service, count, release, sides);

  // Never replace the colour the proxy routes to: a staged (deployed, not switched) colour is replaced instead.
  const serving = input.stored.routedColor ?? input.stored.color;
  const color = nextColor(serving);
  const stale = instancesOf(input.view, input.project, input.target, color);
  const placed = placeOnReachable(input.view, spec.placement, hostLoad(input.view, () => 0), count, `compose: services.${spec.name}.deploy.placement`);
  const instances = placed.map((host, i) =>
    buildContainerSpec(input.model, spec, { project: input.project, target: input.target, color, number: i + 1, release, role: 'target', host: hostByName(input.view.hosts, host) }),
  );
  const creates: PlanStep[] = instances.map((c, i) => ({ kind: 'create', host: placed[i] ?? '', spec: c, safeEnv: spec.safeEnv }));
  const waits: PlanStep[] = instances.map((c, i) => ({ kind: 'wait-healthy', host: placed[i] ?? '', container: c.name, timeoutMs: input.healthTimeoutMs, settleMs: input.settleMs }));
  const removals: PlanStep[] = instances.map((c, i) => ({ kind: 'remove', host: placed[i] ?? '', container: c.name }));
  const previous = input.stored.color;
  return {
    title: `deploy ${service}: ${previous ?? 'nothing'} → ${color}, ${count} instance${count === 1 ? '' : 's'} of ${spec.image} (release ${release})`,
    service,
    color,
    previousColor: previous,
    count,
    release,
    phases: phases(
      ...preparePhases(input, spec, sides, placed, color, release),
      { title: `remove the previous ${color} containers`, steps: stale.map((c) => ({ kind: 'remove', host: c.host, container: c.name })) },
      { title: `start ${color}`, steps: creates },
      { title: `${color} healthy`, steps: waits },
      { title: 'record the release', steps: [{ kind: 'commit', service, color, scale: count }] },
    ),
    onFailure: removals,
  };
}


