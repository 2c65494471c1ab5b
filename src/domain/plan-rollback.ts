import { ConfigError } from '../errors';
import { instancesOf, isUp, type ClusterView, type StoredServiceState } from './cluster-view';
import { otherColor, type Color } from './color';
import { customTemplatesOf, phases, type Plan, type PlanStep } from './plan';
import type { ReleaseRecord } from './records';
import { graceSec } from './plan-rolling';
import type { ServiceSpec } from './service-spec';

export interface RollbackInput {
  readonly project: string;
  readonly target: string;
  readonly service: string;
  readonly spec: ServiceSpec;
  readonly blueGreen: boolean;
  readonly view: ClusterView;
  readonly stored: StoredServiceState;
  /** Newest first. */
  readonly releases: readonly ReleaseRecord[];
  /** `--to N`; else the release before the live one. */
  readonly to?: number;
  readonly routedPort?: number;
  readonly healthTimeoutMs: number;
  readonly settleMs: number;
  readonly drainMs: number;
}

export type RollbackDecision =
  /** The target release's stopped containers still exist: start them, switch, stop the current colour. */
  | {
      readonly kind: 'restart';
      readonly from: ReleaseRecord | undefined;
      readonly to: ReleaseRecord;
      readonly color: Color;
      /** Start and health-check the kept instances; undone (stopped again) on failure. */
      readonly prepare: Plan;
      /** Route to them, drain and stop the current colour, record: no undo (the kept colour is serving by then). */
      readonly switchOver: Plan;
    }
  /** They are gone: deploy the target release's image again as a new release. */
  | { readonly kind: 'redeploy'; readonly from: ReleaseRecord | undefined; readonly to: ReleaseRecord; readonly image: string };

/** A rollback record stands for the release it restored, so a second rollback goes further back, never forth. */
export function effectiveNumber(release: ReleaseRecord): number {
  return release.rollbackTo ?? release.number;
}

/** The release the live containers belong to (the newest release label among them). */
export function liveRelease(input: RollbackInput): ReleaseRecord | undefined {
  const color = input.blueGreen ? input.stored.color : undefined;
  const labels = instancesOf(input.view, input.project, input.target, color).filter(isUp).map((c) => c.release ?? 0);
  const number = labels.length === 0 ? undefined : Math.max(...labels);
  return input.releases.find((r) => r.number === number) ?? input.releases.find((r) => r.result === 'succeeded');
}

export function chooseRollbackTarget(input: RollbackInput, live: ReleaseRecord | undefined): ReleaseRecord {
  if (input.to !== undefined) {
    const wanted = input.releases.find((r) => r.number === input.to);
    if (wanted === undefined || (wanted.result !== 'succeeded' && wanted.result !== 'rolled-back')) {
      const ok = input.releases.filter((r) => r.result === 'succeeded').map((r) => `#${r.number}`).join(', ');
      throw new ConfigError('--to', `release ${input.to} of ${input.service} ${wanted === undefined ? 'does not exist' : `did not succeed (${wanted.result})`}`, { hint: `releases that succeeded: ${ok || 'none'}; see docker-flow releases` });
    }
    if (live !== undefined && effectiveNumber(live) === effectiveNumber(wanted)) {
      throw new ConfigError('--to', `release ${input.to} of ${input.service} is already live`, { hint: 'see docker-flow releases' });
    }
    return wanted;
  }
  const below = live === undefined ? Number.POSITIVE_INFINITY : effectiveNumber(live);
  const previous = input.releases.find((r) => r.number < below && r.result === 'succeeded' && r.rollbackTo === undefined);
  if (previous === undefined) {
    throw new ConfigError('rollback', `${input.service} has no earlier successful release to roll back to`, { hint: 'see docker-flow releases; deploy the version you want instead' });
  }
  return previous;
}

/** `docker-flow rollback [--to N]`: restart the kept colour when it holds the release, else redeploy it. */
export function planRollback(input: RollbackInput): RollbackDecision {
  const from = liveRelease(input);
  const to = chooseRollbackTarget(input, from);
  const image = to.images[input.target]?.image ?? input.spec.image;
  const live = input.stored.color;
  if (!input.blueGreen || live === undefined) return { kind: 'redeploy', from, to, image };
  const color = otherColor(live);
  const kept = instancesOf(input.view, input.project, input.target, color).filter((c) => c.release === to.number && c.image === image);
  if (kept.length === 0) return { kind: 'redeploy', from, to, image };
  const current = instancesOf(input.view, input.project, input.target, live).filter(isUp);
  const routed = input.stored.routedPaths !== undefined && input.routedPort !== undefined;
  const route: PlanStep[] =
    routed && input.stored.routedPaths !== undefined && input.routedPort !== undefined
      ? [{ kind: 'route', route: { service: input.service, project: input.project, target: input.target, color, paths: input.stored.routedPaths, port: input.routedPort, exclude: [], ...customTemplatesOf(input.stored) } }]
      : [];
  const starting = kept.filter((c) => !isUp(c));
  const title = `rollback ${input.service}: ${live} (release ${from?.number ?? '?'}) → ${color} (release ${to.number}, ${image}), ${kept.length} instance${kept.length === 1 ? '' : 's'}`;
  const prepare: Plan = {
    title,
    service: input.service,
    phases: phases(
      { title: `start the kept ${color} instances`, steps: starting.map((c): PlanStep => ({ kind: 'start', host: c.host, container: c.name })) },
      { title: `${color} healthy`, steps: kept.map((c): PlanStep => ({ kind: 'wait-healthy', host: c.host, container: c.name, timeoutMs: input.healthTimeoutMs, settleMs: input.settleMs })) },
    ),
    onFailure: starting.map((c): PlanStep => ({ kind: 'stop', host: c.host, container: c.name, graceSec: graceSec(input.spec) })),
  };
  const switchOver: Plan = {
    title: `switch ${input.service} to ${color}`,
    service: input.service,
    phases: phases(
      { title: 'switch the proxy', steps: route },
      { title: 'drain', steps: route.length === 0 ? [] : [{ kind: 'drain', service: input.service, timeoutMs: input.drainMs }] },
      { title: `stop ${live}`, steps: current.map((c): PlanStep => ({ kind: 'stop', host: c.host, container: c.name, graceSec: graceSec(input.spec) })) },
      { title: 'record the rollback', steps: [{ kind: 'commit', service: input.service, color, scale: kept.length }] },
    ),
    onFailure: [],
  };
  return { kind: 'restart', from, to, color, prepare, switchOver };
}
