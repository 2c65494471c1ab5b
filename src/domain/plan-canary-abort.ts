import { instancesOf, isUp, type ClusterView, type StoredServiceState } from './cluster-view';
import type { Color } from './color';
import { customTemplatesOf, phases, type Plan, type PlanStep } from './plan';
import { graceSec } from './plan-rolling';
import type { ServiceSpec } from './service-spec';

export interface CanaryAbortInput {
  readonly service: string;
  readonly project: string;
  readonly target: string;
  readonly spec: ServiceSpec;
  readonly view: ClusterView;
  readonly stored: StoredServiceState;
  /** The colour that served before the canary, and the canary's colour. */
  readonly old: Color;
  readonly fresh: Color;
  readonly paths: readonly string[];
  readonly port: number;
  readonly drainMs: number;
  /** Why, for the plan's title: "step 1 failed". */
  readonly why: string;
}

/**
 * Ends a canary without promoting it: every request to the old colour (which never stopped serving),
 * the canary's in-flight requests drained, its instances stopped (kept, as stop-old keeps them), and the
 * old colour recorded as the live one again with its instance count, so the next deploy replaces the
 * canary's colour, never the one that serves.
 */
export function planCanaryAbort(input: CanaryAbortInput): Plan {
  const running = instancesOf(input.view, input.project, input.target, input.fresh).filter(isUp);
  const serving = instancesOf(input.view, input.project, input.target, input.old).filter(isUp).length;
  const route: PlanStep = {
    kind: 'route',
    route: { service: input.service, project: input.project, target: input.target, color: input.old, paths: [...input.paths].sort(), port: input.port, exclude: [], ...customTemplatesOf(input.stored) },
  };
  return {
    title: `abort the canary of ${input.service} (${input.why}): all traffic back to ${input.old}, stop ${input.fresh}`,
    service: input.service,
    phases: phases(
      { title: `all traffic to ${input.old}`, steps: [route] },
      { title: 'drain', steps: running.length === 0 ? [] : [{ kind: 'drain', service: input.service, timeoutMs: input.drainMs }] },
      { title: `stop ${input.fresh}`, steps: running.map((c): PlanStep => ({ kind: 'stop', host: c.host, container: c.name, graceSec: graceSec(input.spec) })) },
      { title: `record ${input.old} as live again`, steps: [{ kind: 'commit', service: input.service, color: input.old, scale: serving > 0 ? serving : input.stored.scale ?? 1 }] },
    ),
    onFailure: [],
  };
}
