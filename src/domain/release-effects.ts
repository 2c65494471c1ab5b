import type { NotificationEvent } from './notification';

export type HookName = 'before_deploy' | 'after_deploy' | 'on_failure';

/**
 * What a release does besides its containers, as plan steps: webhook notifications, hook commands,
 * its release record, image retention. `bestEffort`: a failure is reported (✗ on the timeline) and
 * the release goes on; it never fails or undoes the release.
 */
export type EffectStep =
  /** Queues the event for every webhook; deliveries run in the background (always best effort). */
  | { readonly kind: 'notify'; readonly event: NotificationEvent; readonly webhooks: number; readonly bestEffort: true }
  /** One command of a hook, with `sh -c` in the project folder; the commands of a hook run in order. */
  | { readonly kind: 'hook'; readonly name: HookName; readonly command: string; readonly bestEffort: boolean }
  /** Writes the release record `docker-flow/<service>/releases/<n>` with this result (`rolled-back`: the release a rollback left). */
  | { readonly kind: 'record-release'; readonly service: string; readonly release: number; readonly result: EffectRecordResult; readonly bestEffort: boolean }
  /** Removes the repository's released images beyond the newest `keep` on each host, except those in use or protected (always best effort). */
  | { readonly kind: 'retain-images'; readonly repository: string; readonly keep: number; readonly hosts: readonly string[]; readonly bestEffort: true };

export type EffectRecordResult = 'in-progress' | 'succeeded' | 'failed' | 'rolled-back';

/** Steps of an effect phase run one after the other; phases run in order. */
export interface EffectPhase {
  readonly title: string;
  readonly steps: readonly EffectStep[];
}

/**
 * The effects around a release's phases. `before`: a failure stops the release before anything
 * changed. `after`: run after the commit (the colour record), so the release is live whatever
 * happens there; a failure of a step that is not best effort (after_deploy) fails the command but
 * nothing is undone. `failure`: after a failure and the plan's undo, all best effort.
 */
export interface ReleaseEffects {
  readonly before: readonly EffectPhase[];
  readonly after: readonly EffectPhase[];
  readonly failure: readonly EffectPhase[];
}

export interface ReleaseEffectsInput {
  readonly service: string;
  readonly release: number;
  readonly hooks: { readonly beforeDeploy: readonly string[]; readonly afterDeploy: readonly string[]; readonly onFailure: readonly string[] };
  readonly webhooks: number;
  /** Newest images kept per host; 0 turns retention off. */
  readonly keepImages: number;
  readonly repository: string;
  readonly hosts: readonly string[];
}

/** The effects of `--flow=deploy`, in the order they run (README: Release safety). Pure. */
export function planReleaseEffects(input: ReleaseEffectsInput): ReleaseEffects {
  const notify = (event: NotificationEvent): readonly EffectPhase[] =>
    input.webhooks === 0 ? [] : [{ title: 'notify', steps: [{ kind: 'notify', event, webhooks: input.webhooks, bestEffort: true }] }];
  const hook = (name: HookName, commands: readonly string[], bestEffort: boolean): readonly EffectPhase[] =>
    commands.length === 0 ? [] : [{ title: `${name} hook`, steps: commands.map((command) => ({ kind: 'hook', name, command, bestEffort })) }];
  const record = (result: 'in-progress' | 'succeeded' | 'failed', bestEffort: boolean): EffectStep => ({ kind: 'record-release', service: input.service, release: input.release, result, bestEffort });
  return {
    before: [...notify('deploy.started'), ...hook('before_deploy', input.hooks.beforeDeploy, false), { title: 'release record', steps: [record('in-progress', false)] }],
    after: [
      { title: 'release record', steps: [record('succeeded', true)] },
      ...notify('deploy.succeeded'),
      ...(input.keepImages <= 0 ? [] : [{ title: `image retention: keep the newest ${input.keepImages} released images of ${input.repository} on each host`, steps: [{ kind: 'retain-images', repository: input.repository, keep: input.keepImages, hosts: input.hosts, bestEffort: true } as const] }]),
      ...hook('after_deploy', input.hooks.afterDeploy, false),
    ],
    failure: [{ title: 'release record', steps: [record('failed', true)] }, ...notify('deploy.failed'), ...hook('on_failure', input.hooks.onFailure, true)],
  };
}

export interface RollbackEffectsInput {
  readonly service: string;
  /** The rollback's own record (restarting kept containers); a redeploy's record is its deploy's. */
  readonly release?: number;
  /** The release rolled away from, recorded rolled-back once the rollback is live. */
  readonly from?: number;
  readonly webhooks: number;
}

/** The effects of `docker-flow rollback`, in the order they run (README: Rollback). Pure. */
export function planRollbackEffects(input: RollbackEffectsInput): ReleaseEffects {
  const notify = (event: NotificationEvent): readonly EffectPhase[] =>
    input.webhooks === 0 ? [] : [{ title: 'notify', steps: [{ kind: 'notify', event, webhooks: input.webhooks, bestEffort: true }] }];
  const record = (release: number | undefined, result: EffectRecordResult, bestEffort: boolean): readonly EffectStep[] =>
    release === undefined ? [] : [{ kind: 'record-release', service: input.service, release, result, bestEffort }];
  const phase = (steps: readonly EffectStep[]): readonly EffectPhase[] => (steps.length === 0 ? [] : [{ title: 'release record', steps }]);
  return {
    before: [...notify('rollback.started'), ...phase(record(input.release, 'in-progress', false))],
    after: [...phase([...record(input.release, 'succeeded', true), ...record(input.from, 'rolled-back', true)]), ...notify('rollback.succeeded')],
    failure: [...phase(record(input.release, 'failed', true)), ...notify('rollback.failed')],
  };
}

/** The failure effects without the release record: the release failed before it was recorded as started. */
export function withoutRecord(phases: readonly EffectPhase[]): readonly EffectPhase[] {
  return phases.map((p) => ({ ...p, steps: p.steps.filter((s) => s.kind !== 'record-release') })).filter((p) => p.steps.length > 0);
}

/** One line per effect step, for the timeline (and --dry-run, which adds the best-effort mark). */
export function describeEffect(step: EffectStep): string {
  switch (step.kind) {
    case 'notify':
      return `notify ${step.webhooks} webhook${step.webhooks === 1 ? '' : 's'}: ${step.event} (delivered in the background)`;
    case 'hook':
      return `run ${step.name} hook ${JSON.stringify(step.command)}`;
    case 'record-release':
      return `record release ${step.release} of ${step.service}: ${step.result === 'in-progress' ? 'in progress' : step.result}${step.result === 'succeeded' ? ' (with the image id and digests)' : ''}`;
    case 'retain-images':
      return `remove released images of ${step.repository} beyond the newest ${step.keep} on ${step.hosts.join(', ')} (images in use, and images docker-flow did not release, stay)`;
  }
}

/** The --dry-run listing of effect phases: each phase and its steps, best-effort steps marked. */
export function describeEffectPhases(list: readonly EffectPhase[], indent: string): readonly string[] {
  return list.flatMap((phase) => [`${indent}${phase.title}`, ...phase.steps.map((step) => `${indent}  - ${describeEffect(step)}${step.bestEffort ? bestEffortMark : ''}`)]);
}

export const bestEffortMark = ' [best effort: a failure is reported, the release stands]';
