import { ConflictError } from '../errors';
import { instancesOf, isUp, type ClusterView, type StoredServiceState } from './cluster-view';
import { otherColor } from './color';
import { serviceName } from './names';
import { phases, type Plan, type PlanStep } from './plan';
import type { ServiceSpec } from './service-spec';
import { graceSec } from './plan-rolling';

export interface StopOldInput {
  readonly project: string;
  readonly target: string;
  readonly spec: ServiceSpec;
  readonly view: ClusterView;
  readonly stored: StoredServiceState;
  /** The colour deployed in this invocation, if any (else the stored live colour). */
  readonly liveColor: StoredServiceState['color'];
  readonly drainMs: number;
}

/**
 * `--flow=stop-old`: stops (never removes) the running instances of the colour that is not live,
 * so `rollback` can start them again in seconds. Refuses while the proxy still routes that colour.
 */
export function planStopOld(input: StopOldInput): Plan {
  const service = serviceName(input.project, input.target);
  const live = input.liveColor;
  if (live === undefined) {
    return { title: `stop-old ${service}: nothing to stop (no blue-green release recorded)`, service, phases: [], onFailure: [] };
  }
  const old = otherColor(live);
  if (input.stored.routedColor === old) {
    throw new ConflictError(`the proxy still routes ${service} to ${old}, the colour stop-old would stop`, {
      hint: `switch traffic first: --flow=proxy --flow=stop-old (the live colour is ${live})`,
    });
  }
  const running = instancesOf(input.view, input.project, input.target, old).filter(isUp);
  const routed = input.stored.routedPaths !== undefined;
  return {
    title: `stop-old ${service}: stop ${running.length} ${old} instance${running.length === 1 ? '' : 's'} (${live} stays live)`,
    service,
    phases: phases(
      { title: 'drain', steps: routed && running.length > 0 ? [{ kind: 'drain', service, timeoutMs: input.drainMs }] : [] },
      { title: `stop ${old}`, steps: running.map((c): PlanStep => ({ kind: 'stop', host: c.host, container: c.name, graceSec: graceSec(input.spec) })) },
    ),
    onFailure: [],
  };
}
