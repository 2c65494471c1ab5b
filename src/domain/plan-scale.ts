import { ConfigError } from '../errors';
import { instancesOf, isUp } from './cluster-view';
import type { Color } from './color';
import { buildContainerSpec } from './container-spec';
import { serviceName } from './names';
import { pickVictims } from './placement';
import { customTemplatesOf, phases, type Plan, type PlanStep } from './plan';
import { checkFixedPorts, hostByName, hostLoad, placeOnReachable, pullSteps, targetSpec, type TargetPlanInput } from './plan-helpers';
import { graceSec } from './plan-rolling';
import { formatScale, resolveScale, type ScaleRequest } from './scale';

export interface ScaleInput extends TargetPlanInput {
  readonly scale: ScaleRequest | undefined;
}

export interface ScalePlan extends Plan {
  readonly color: Color | undefined;
  readonly from: number;
  readonly count: number;
}

/**
 * `--flow=scale`: changes the instance count of the live release. New instances go where the
 * spread stays balanced and must be healthy; removed ones come from the most loaded host, are
 * taken out of the proxy and drained first when the service is routed.
 */
export function planScale(input: ScaleInput): ScalePlan {
  const spec = targetSpec(input.model, input.target, '--target');
  const service = serviceName(input.project, input.target);
  if (input.scale === undefined) {
    throw new ConfigError('--scale', '--flow=scale needs a scale', { hint: 'give --scale=N, --scale=+N or --scale=-N (yml: scale, env: FLOW_SCALE)' });
  }
  const color = input.blueGreen ? input.stored.color : undefined;
  if (input.blueGreen && color === undefined) {
    throw new ConfigError('--flow', `${service} has no live release to scale`, { hint: 'deploy it first: --flow=deploy' });
  }
  const live = instancesOf(input.view, input.project, input.target, color).filter(isUp);
  if (live.length === 0 && input.stored.scale === undefined) {
    throw new ConfigError('--flow', `${service} has no live release to scale`, { hint: 'deploy it first: --flow=deploy' });
  }
  const from = input.stored.scale ?? live.length;
  const count = resolveScale(from, input.scale);
  checkFixedPorts(spec, count, input.blueGreen, `compose: services.${spec.name}.ports`);
  const title = `scale ${service}${color === undefined ? '' : ` (${color})`} ${formatScale(input.scale)}: ${live.length} → ${count} instances`;
  const commit: PlanStep = { kind: 'commit', service, color, scale: count };
  if (count >= live.length) {
    const load = hostLoad(input.view, (host) => live.filter((c) => c.host === host).length);
    const placed = placeOnReachable(input.view, spec.placement, load, count - live.length, `compose: services.${spec.name}.deploy.placement`);
    const release = live[0]?.release ?? input.stored.nextRelease;
    const image = live[0]?.image ?? spec.image;
    let next = Math.max(0, ...instancesOf(input.view, input.project, input.target, color).map((c) => c.number ?? 0));
    const fresh = placed.map((host) => {
      next += 1;
      return { host, spec: buildContainerSpec(input.model, { ...spec, image }, { project: input.project, target: input.target, color, number: next, release, role: 'target', host: hostByName(input.view.hosts, host) }) };
    });
    return {
      title, service, color, from: live.length, count,
      phases: phases(
        { title: 'pull images', steps: pullSteps(input.view, placed, image, false) },
        { title: 'start instances', steps: fresh.map((f): PlanStep => ({ kind: 'create', host: f.host, spec: f.spec, safeEnv: spec.safeEnv })) },
        { title: 'new instances healthy', steps: fresh.map((f): PlanStep => ({ kind: 'wait-healthy', host: f.host, container: f.spec.name, timeoutMs: input.healthTimeoutMs, settleMs: input.settleMs })) },
        { title: 'record the scale', steps: [commit] },
      ),
      onFailure: fresh.map((f): PlanStep => ({ kind: 'remove', host: f.host, container: f.spec.name })),
    };
  }
  // an instance that is not healthy goes first: removing healthy ones around it could leave nothing to route to
  const ailing = live.filter((c) => c.health === 'unhealthy' || c.health === 'starting').slice(0, live.length - count);
  const victims = [...ailing, ...pickVictims(live.filter((c) => !ailing.includes(c)), live.length - count - ailing.length)];
  const routed = input.stored.routedPaths !== undefined && input.routedPort !== undefined && input.stored.routedColor === color;
  const exclude = victims.map((v) => v.name);
  const routeSteps: PlanStep[] =
    routed && input.stored.routedPaths !== undefined && input.routedPort !== undefined
      ? [{ kind: 'route', route: { service, project: input.project, target: input.target, color, paths: input.stored.routedPaths, port: input.routedPort, exclude, ...customTemplatesOf(input.stored) } }]
      : [];
  return {
    title, service, color, from: live.length, count,
    phases: phases(
      { title: 'take the removed instances out of the proxy', steps: routeSteps },
      { title: 'drain', steps: routeSteps.length === 0 ? [] : [{ kind: 'drain', service, timeoutMs: input.drainMs }] },
      { title: 'stop instances', steps: victims.map((v): PlanStep => ({ kind: 'stop', host: v.host, container: v.name, graceSec: graceSec(spec) })) },
      { title: 'remove instances', steps: victims.map((v): PlanStep => ({ kind: 'remove', host: v.host, container: v.name })) },
      { title: 'record the scale', steps: [commit] },
    ),
    onFailure: [],
  };
}
