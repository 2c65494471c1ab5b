import type { Color } from './color';
import type { ContainerCreateSpec } from './container';
import { describeEnv } from './describe-env';
import { commandText } from './release-command';
import { bestEffortMark, describeEffect, describeEffectPhases, type ReleaseEffects } from './release-effects';
import type { NamedVolumeSpec, NetworkSpec } from './service-spec';

/** The parts of a service's proxy configuration a custom template can replace (--consul-template-fe-path / -be-path). */
export type TemplatePart = 'frontend' | 'backend';

/** What to route for one service when a `route` step runs (servers are read from the engines then). */
export interface RouteSpec {
  readonly service: string;
  readonly project: string;
  readonly target: string;
  readonly color: Color | undefined;
  readonly paths: readonly string[];
  /** Container port the proxy sends requests to. */
  readonly port: number;
  /** Containers that must not receive new requests any more (about to stop). */
  readonly exclude: readonly string[];
  /** A canary: this colour gets `percent` of the requests, `color` the rest. */
  readonly canary?: { readonly color: Color; readonly percent: number };
  /** Custom templates the proxy uses for the service instead of the generated rules (said in the step's line). */
  readonly customTemplates?: readonly TemplatePart[];
}

/** `{ customTemplates }` for a RouteSpec when the service has custom templates, else nothing (specs stay small). */
export function customTemplatesOf(stored: { readonly customTemplates?: readonly TemplatePart[] }): { readonly customTemplates?: readonly TemplatePart[] } {
  const parts = stored.customTemplates ?? [];
  return parts.length === 0 ? {} : { customTemplates: parts };
}

/** What a step's line adds when custom templates replace the generated rules: the paths may not be routed as listed. */
function describeTemplates(route: RouteSpec): string {
  const parts = route.customTemplates ?? [];
  const paths = route.paths.join(', ');
  if (parts.includes('frontend') && parts.includes('backend')) return ` (custom frontend and backend templates replace the generated rules for ${paths} and the generated servers)`;
  if (parts.includes('frontend')) return ` (a custom frontend template replaces the generated rules for ${paths})`;
  if (parts.includes('backend')) return ` (a custom backend template replaces the generated servers)`;
  return '';
}

export type PlanStep =
  /**
   * Creates the network with every setting of the compose file when missing; an existing one must
   * have those settings. An external one must exist. `key` is its key under the compose file's `networks:`.
   */
  | { readonly kind: 'ensure-network'; readonly host: string; readonly key: string; readonly network: NetworkSpec }
  /** The same for a named volume. */
  | { readonly kind: 'ensure-volume'; readonly host: string; readonly key: string; readonly volume: NamedVolumeSpec }
  | { readonly kind: 'pull'; readonly host: string; readonly image: string }
  /** Runs the release command once in a one-off container from the new image (removed afterwards); a non-zero exit fails the phase. */
  | { readonly kind: 'release-command'; readonly host: string; readonly spec: ContainerCreateSpec; readonly timeoutMs: number }
  /** `safeEnv`: the variable names whose values --dry-run may show (ServiceSpec.safeEnv). */
  | { readonly kind: 'create'; readonly host: string; readonly spec: ContainerCreateSpec; readonly safeEnv: readonly string[] }
  | { readonly kind: 'start'; readonly host: string; readonly container: string }
  /**
   * `requiredBy`: a service that depends on this one with condition service_healthy, so it must have a health check.
   * `optionalFor`: every service that depends on this side target does so with `required: false`; a failure is a warning (named after it).
   */
  | { readonly kind: 'wait-healthy'; readonly host: string; readonly container: string; readonly timeoutMs: number; readonly settleMs: number; readonly requiredBy?: string; readonly optionalFor?: string }
  /** A side target another service depends on with condition service_completed_successfully: it must exit 0 (a warning only with `optionalFor`). */
  | { readonly kind: 'wait-exited'; readonly host: string; readonly container: string; readonly timeoutMs: number; readonly dependent: string; readonly optionalFor?: string }
  | { readonly kind: 'route'; readonly route: RouteSpec }
  | { readonly kind: 'drain'; readonly service: string; readonly timeoutMs: number }
  | { readonly kind: 'stop'; readonly host: string; readonly container: string; readonly graceSec: number }
  | { readonly kind: 'remove'; readonly host: string; readonly container: string }
  | { readonly kind: 'commit'; readonly service: string; readonly color: Color | undefined; readonly scale: number }
  /** Takes the service's route out of the proxy (its paths then answer 503) and deletes the route record. */
  | { readonly kind: 'unroute'; readonly service: string; readonly paths: readonly string[] }
  /** Removes a catalog entry whose container is gone (`<host>:<container>`). */
  | { readonly kind: 'deregister'; readonly id: string }
  /** Deletes the service's stored keys: colour, scale, and (with --purge) its release history. */
  | { readonly kind: 'forget'; readonly service: string; readonly keys: readonly StoredKey[] };

/** The keys `forget` deletes (the route goes with `unroute`). */
export type StoredKey = 'color' | 'scale' | 'releases';

export type StepKind = PlanStep['kind'];

/** True when applying the plan changes or reads the proxy (it routes, drains or unroutes a service). */
export function usesProxy(plan: Plan): boolean {
  return [...plan.phases.flatMap((p) => p.steps), ...plan.onFailure].some((step) => step.kind === 'route' || step.kind === 'drain' || step.kind === 'unroute');
}

/** Steps of a phase run concurrently (across hosts); phases run in order. */
export interface PlanPhase {
  readonly title: string;
  readonly steps: readonly PlanStep[];
}

export interface Plan {
  /** e.g. "deploy demo-app: blue → green, 2 instances" */
  readonly title: string;
  readonly service: string;
  readonly phases: readonly PlanPhase[];
  /** Run (best effort) when a phase fails, so the old release keeps serving and the state is untouched. */
  readonly onFailure: readonly PlanStep[];
  /** A release's other effects (notifications, hooks, its release record, image retention) before and after its phases. */
  readonly effects?: ReleaseEffects;
}

/** One line per step, used by --dry-run, the timeline and the unit tests; never an environment value. */
export function describeStep(step: PlanStep): string {
  switch (step.kind) {
    case 'ensure-network':
      return step.network.external ? `check that the external network ${step.network.name} exists on ${step.host}` : `ensure network ${step.network.name} on ${step.host}`;
    case 'ensure-volume':
      return step.volume.external ? `check that the external volume ${step.volume.name} exists on ${step.host}` : `ensure volume ${step.volume.name} on ${step.host}`;
    case 'pull':
      return `pull ${step.image} on ${step.host}`;
    case 'release-command':
      return `run the release command ${commandText(step.spec.command ?? [])} once on ${step.host} (${step.spec.image}, timeout ${Math.round(step.timeoutMs / 1000)}s)`;
    case 'create':
      return `start ${step.spec.name} on ${step.host} (${step.spec.image})`;
    case 'start':
      return `start existing ${step.container} on ${step.host}`;
    case 'wait-healthy':
      return `wait until ${step.container} on ${step.host} is healthy (timeout ${Math.round(step.timeoutMs / 1000)}s${step.requiredBy === undefined ? '' : `; ${step.requiredBy} depends on it: service_healthy`}${optionalText(step.optionalFor)})`;
    case 'wait-exited':
      return `wait until ${step.container} on ${step.host} exits with code 0 (timeout ${Math.round(step.timeoutMs / 1000)}s; ${step.dependent} depends on it: service_completed_successfully${optionalText(step.optionalFor)})`;
    case 'route': {
      const r = step.route;
      const what = r.color === undefined ? r.target : `${r.target}-${r.color}`;
      const without = r.exclude.length === 0 ? '' : ` without ${r.exclude.join(', ')}`;
      const canary = r.canary === undefined ? '' : ` (${100 - r.canary.percent} %) and ${r.target}-${r.canary.color} (${r.canary.percent} %, canary)`;
      return `route ${r.paths.join(', ')} of ${r.service} to ${what}${canary}${without}${describeTemplates(r)}`;
    }
    case 'drain':
      return `drain: wait for in-flight requests of ${step.service} to finish (up to ${Math.round(step.timeoutMs / 1000)}s)`;
    case 'stop':
      return `stop ${step.container} on ${step.host} (grace ${step.graceSec}s)`;
    case 'remove':
      return `remove ${step.container} on ${step.host}`;
    case 'commit':
      return `record ${step.service}: ${step.color === undefined ? '' : `colour ${step.color}, `}scale ${step.scale}`;
    case 'unroute':
      return `take ${step.paths.join(', ')} of ${step.service} out of the proxy (it answers 503 there)`;
    case 'deregister':
      return `deregister ${step.id} from the catalog`;
    case 'forget':
      return `forget ${step.service}: ${step.keys.map((key) => (key === 'releases' ? 'its release history' : `its ${key === 'color' ? 'colour' : key} key`)).join(', ')}`;
  }
}

function optionalText(dependent: string | undefined): string {
  return dependent === undefined ? '' : `; optional: ${dependent} depends on it with required: false, a failure is only a warning`;
}

/**
 * The --dry-run listing: the title, each phase and its steps, the release's effects before and after
 * them and after a failure (best-effort steps marked); under each created container its environment,
 * values <redacted> unless marked safe (see describeEnv). Only --dry-run prints it.
 */
export function describePlan(plan: Plan): readonly string[] {
  const lines = [plan.title];
  const push = (step: PlanStep): void => {
    lines.push(`    - ${describeStep(step)}`);
    if (step.kind === 'create' && step.spec.env.length > 0) lines.push(`      env: ${describeEnv(step.spec.env, step.safeEnv)}`);
  };
  lines.push(...describeEffectPhases(plan.effects?.before ?? [], '  '));
  for (const phase of plan.phases) {
    lines.push(`  ${phase.title}`);
    for (const step of phase.steps) push(step);
  }
  lines.push(...describeEffectPhases(plan.effects?.after ?? [], '  '));
  const afterFailure = (plan.effects?.failure ?? []).flatMap((phase) => phase.steps);
  if (plan.onFailure.length + afterFailure.length > 0) {
    lines.push('  on failure');
    for (const step of plan.onFailure) push(step);
    for (const step of afterFailure) lines.push(`    - ${describeEffect(step)}${step.bestEffort ? bestEffortMark : ''}`);
  }
  return lines;
}

/** Drops empty phases so plans read cleanly. */
export function phases(...list: readonly PlanPhase[]): readonly PlanPhase[] {
  return list.filter((p) => p.steps.length > 0);
}
