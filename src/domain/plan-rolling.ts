import { instancesOf, isUp } from './cluster-view';
import { buildContainerSpec } from './container-spec';
import type { DeployInput, DeployPlan } from './plan-deploy';
import { hostByName, hostLoad, placeOnReachable } from './plan-helpers';
import { customTemplatesOf, phases, type PlanPhase, type PlanStep, type RouteSpec } from './plan';
import type { SideTargetSteps } from './plan-side-targets';
import { preparePhases } from './plan-prepare';
import type { ServiceSpec } from './service-spec';

/**
 * Deploy without blue-green: instances are replaced one at a time. Each new instance is healthy
 * (and routed to, when the service is behind the proxy) before an old one is drained and stopped,
 * so the service never has zero healthy instances.
 */
export function rollingSteps(input: DeployInput, spec: ServiceSpec, service: string, count: number, release: number, sides: SideTargetSteps): DeployPlan {
  const old = instancesOf(input.view, input.project, input.target, undefined).filter(isUp);
  const stoppedOld = instancesOf(input.view, input.project, input.target, undefined).filter((c) => !isUp(c));
  const firstNumber = Math.max(0, ...instancesOf(input.view, input.project, input.target, undefined).map((c) => c.number ?? 0)) + 1;
  const placed = placeOnReachable(input.view, spec.placement, hostLoad(input.view, () => 0), count, `compose: services.${spec.name}.deploy.placement`);
  const fresh = placed.map((host, i) => ({
    host,
    spec: buildContainerSpec(input.model, spec, { project: input.project, target: input.target, color: undefined, number: firstNumber + i, release, role: 'target', host: hostByName(input.view.hosts, host) }),
  }));
  const paths = input.stored.routedPaths;
  const route = (exclude: readonly string[]): RouteSpec | undefined =>
    paths === undefined || input.routedPort === undefined
      ? undefined
      : { service, project: input.project, target: input.target, color: undefined, paths, port: input.routedPort, exclude, ...customTemplatesOf(input.stored) };

  const rolling: PlanPhase[] = [];
  const retired: string[] = [];
  for (let i = 0; i < Math.max(fresh.length, old.length); i += 1) {
    const next = fresh[i];
    const victim = old[i];
    if (next !== undefined) {
      rolling.push({ title: `start instance ${i + 1} of ${count}`, steps: [{ kind: 'create', host: next.host, spec: next.spec, safeEnv: spec.safeEnv }] });
      rolling.push({ title: `instance ${i + 1} healthy`, steps: [{ kind: 'wait-healthy', host: next.host, container: next.spec.name, timeoutMs: input.healthTimeoutMs, settleMs: input.settleMs }] });
    }
    if (victim !== undefined) {
      retired.push(victim.name);
      const r = route([...retired]);
      if (r !== undefined) {
        rolling.push({ title: `stop routing to ${victim.name}`, steps: [{ kind: 'route', route: r }] });
        rolling.push({ title: `drain ${victim.name}`, steps: [{ kind: 'drain', service, timeoutMs: input.drainMs }] });
      }
      rolling.push({
        title: `retire ${victim.name}`,
        steps: [
          { kind: 'stop', host: victim.host, container: victim.name, graceSec: graceSec(spec) },
          { kind: 'remove', host: victim.host, container: victim.name },
        ],
      });
    }
  }
  const undoRoute = route(fresh.map((f) => f.spec.name));
  const onFailure: PlanStep[] = [
    ...(undoRoute === undefined ? [] : [{ kind: 'route', route: undoRoute } as const]),
    ...fresh.map((f): PlanStep => ({ kind: 'remove', host: f.host, container: f.spec.name })),
  ];
  return {
    title: `deploy ${service}: rolling replace of ${old.length} by ${count} instance${count === 1 ? '' : 's'} of ${spec.image} (release ${release})`,
    service,
    color: undefined,
    previousColor: undefined,
    count,
    release,
    phases: phases(
      ...preparePhases(input, spec, sides, placed, undefined, release),
      { title: 'remove stopped instances of earlier releases', steps: stoppedOld.map((c) => ({ kind: 'remove', host: c.host, container: c.name })) },
      ...rolling,
      { title: 'record the release', steps: [{ kind: 'commit', service, color: undefined, scale: count }] },
    ),
    onFailure,
  };
}

export function graceSec(spec: ServiceSpec): number {
  return spec.stopGracePeriodMs === undefined ? 10 : Math.ceil(spec.stopGracePeriodMs / 1000);
}
