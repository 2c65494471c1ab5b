import { instancesOf, isUp, type ClusterView } from './cluster-view';
import { buildContainerSpec } from './container-spec';
import type { HostSpec } from './host';
import { placeOnReachable } from './plan-helpers';
import type { PlanPhase, PlanStep } from './plan';
import type { ComposeModel, DependencyCondition, ServiceSpec } from './service-spec';

export interface SideTargetInput {
  readonly project: string;
  readonly target: string;
  readonly sideTargets: readonly string[];
  readonly model: ComposeModel;
  readonly view: ClusterView;
  readonly pullSideTargets: boolean;
  readonly healthTimeoutMs: number;
  readonly settleMs: number;
}

export interface SideTargetSteps {
  readonly specs: readonly ServiceSpec[];
  readonly hosts: readonly string[];
  readonly pulls: readonly PlanStep[];
  /** Start and wait phases, one pair per depends_on level (dependencies first). */
  readonly phases: readonly PlanPhase[];
}

/**
 * What the services that depend on a side target wait for, and the first of them (for messages);
 * `optional` when every one of them depends on it with `required: false`.
 */
interface Need {
  readonly condition: DependencyCondition;
  readonly dependent: string;
  readonly optional: boolean;
}

/**
 * Side targets (a database the target needs) start once, on one host chosen by their own
 * placement, only when they are not running. Stopped containers are started again (their data
 * stays); with --pull-side-targets their images are pulled even when present. depends_on
 * among them and from the target orders them in levels, and each level is ready before the next
 * starts: healthy (or running for --settle without a health check) as before; with
 * `service_healthy` a health check is required; with `service_completed_successfully` it must
 * exit 0. A running side target is waited for only when a condition asks for it.
 */
export function sideTargetSteps(input: SideTargetInput, release: number): SideTargetSteps {
  const names = [...new Set(input.sideTargets)].sort().filter((name) => input.model.services[name] !== undefined);
  const needs = conditionsOf(input, names);
  const levels = dependencyLevels(input.model, names);
  const specs: ServiceSpec[] = [];
  const hosts: string[] = [];
  const pulls: PlanStep[] = [];
  const phases: PlanPhase[] = [];
  levels.forEach((level, index) => {
    const starts: PlanStep[] = [];
    const waits: PlanStep[] = [];
    for (const name of level) {
      const spec = input.model.services[name];
      if (spec === undefined) continue;
      const need = needs.get(name);
      const existing = instancesOf(input.view, input.project, name, undefined, 'side');
      const up = existing.find(isUp);
      if (up !== undefined) {
        if (need !== undefined && need.condition !== 'service_started') waits.push(waitFor(input, up.host, up.name, need));
        continue;
      }
      specs.push(spec);
      const stopped = existing[0];
      if (stopped !== undefined) {
        hosts.push(stopped.host);
        starts.push({ kind: 'start', host: stopped.host, container: stopped.name });
        waits.push(waitFor(input, stopped.host, stopped.name, need));
        continue;
      }
      const [host = ''] = placeOnReachable(input.view, spec.placement, new Map(), 1, `compose: services.${name}.deploy.placement`);
      const hostSpec: HostSpec | undefined = input.view.hosts.find((h) => h.name === host);
      if (hostSpec === undefined) continue;
      hosts.push(host);
      if (input.pullSideTargets || !(input.view.images.get(host)?.has(spec.image) ?? false)) pulls.push({ kind: 'pull', host, image: spec.image });
      const container = buildContainerSpec(input.model, spec, { project: input.project, target: name, color: undefined, number: 1, release, role: 'side', host: hostSpec });
      starts.push({ kind: 'create', host, spec: container, safeEnv: spec.safeEnv });
      waits.push(waitFor(input, host, container.name, need));
    }
    const label = levels.length === 1 ? '' : ` (level ${index + 1}: ${level.join(', ')})`;
    phases.push({ title: `start side targets${label}`, steps: starts }, { title: `side targets ${levels.length === 1 ? 'healthy' : 'ready'}${label}`, steps: waits });
  });
  return { specs, hosts, pulls, phases };
}

function waitFor(input: SideTargetInput, host: string, container: string, need: Need | undefined): PlanStep {
  const optional = need?.optional === true ? { optionalFor: need.dependent } : {};
  if (need?.condition === 'service_completed_successfully') return { kind: 'wait-exited', host, container, timeoutMs: input.healthTimeoutMs, dependent: need.dependent, ...optional };
  return {
    kind: 'wait-healthy', host, container, timeoutMs: input.healthTimeoutMs, settleMs: input.settleMs,
    ...(need?.condition === 'service_healthy' ? { requiredBy: need.dependent } : {}),
    ...optional,
  };
}

/**
 * The strongest condition each side target is depended on with, by the target or another side
 * target: completing successfully, then being healthy, then being started. It is optional (a
 * failure warns, as Compose does) only when no dependent requires it.
 */
function conditionsOf(input: SideTargetInput, names: readonly string[]): ReadonlyMap<string, Need> {
  const rank: Readonly<Record<DependencyCondition, number>> = { service_started: 0, service_healthy: 1, service_completed_successfully: 2 };
  const needs = new Map<string, Need>();
  for (const dependent of [input.target, ...names]) {
    for (const dependency of input.model.services[dependent]?.dependsOn ?? []) {
      if (!names.includes(dependency.service)) continue;
      const known = needs.get(dependency.service);
      const optional = (known?.optional ?? true) && !dependency.required;
      const stronger = known === undefined || rank[dependency.condition] > rank[known.condition];
      needs.set(dependency.service, stronger ? { condition: dependency.condition, dependent, optional } : { ...known, optional });
    }
  }
  return needs;
}

/** Side targets in levels: each depends only on side targets of earlier levels (depends_on has no cycle: checked when read). */
function dependencyLevels(model: ComposeModel, names: readonly string[]): readonly (readonly string[])[] {
  const level = new Map<string, number>();
  const levelOf = (name: string): number => {
    const known = level.get(name);
    if (known !== undefined) return known;
    const deps = (model.services[name]?.dependsOn ?? []).filter((d) => names.includes(d.service) && d.service !== name);
    const result = deps.length === 0 ? 0 : 1 + Math.max(...deps.map((d) => levelOf(d.service)));
    level.set(name, result);
    return result;
  };
  const levels: string[][] = [];
  for (const name of names) (levels[levelOf(name)] ??= []).push(name);
  return levels.filter((l) => l.length > 0);
}
