import assert from 'node:assert/strict';
import { describePlan } from '../../../src/domain/plan';
import { planDeploy } from '../../../src/domain/plan-deploy';
import { describeEffect, planReleaseEffects, planRollbackEffects, withoutRecord, type ReleaseEffectsInput } from '../../../src/domain/release-effects';
import { deployInput } from '../builders';

const input = (o: Partial<ReleaseEffectsInput> = {}): ReleaseEffectsInput => ({
  service: 'demo-app',
  release: 3,
  hooks: { beforeDeploy: ['./check.sh'], afterDeploy: ['./smoke.sh', 'echo done'], onFailure: ['./page.sh'] },
  webhooks: 2,
  keepImages: 3,
  repository: 'registry.local/app',
  hosts: ['h1', 'h2'],
  ...o,
});

const lines = (phases: ReturnType<typeof planReleaseEffects>['before']): string[] => phases.flatMap((p) => [`${p.title}:`, ...p.steps.map(describeEffect)]);

describe('planReleaseEffects (what a deploy does besides its containers, in order)', () => {
  it('before: notify started, before_deploy, the record in progress; after the commit: the record, notify, retention, after_deploy; after a failure: the record, notify, on_failure', () => {
    const effects = planReleaseEffects(input());
    assert.deepEqual(lines(effects.before), [
      'notify:', 'notify 2 webhooks: deploy.started (delivered in the background)',
      'before_deploy hook:', 'run before_deploy hook "./check.sh"',
      'release record:', 'record release 3 of demo-app: in progress',
    ]);
    assert.deepEqual(lines(effects.after), [
      'release record:', 'record release 3 of demo-app: succeeded (with the image id and digests)',
      'notify:', 'notify 2 webhooks: deploy.succeeded (delivered in the background)',
      'image retention: keep the newest 3 released images of registry.local/app on each host:', 'remove released images of registry.local/app beyond the newest 3 on h1, h2 (images in use, and images docker-flow did not release, stay)',
      'after_deploy hook:', 'run after_deploy hook "./smoke.sh"', 'run after_deploy hook "echo done"',
    ]);
    assert.deepEqual(lines(effects.failure), [
      'release record:', 'record release 3 of demo-app: failed',
      'notify:', 'notify 2 webhooks: deploy.failed (delivered in the background)',
      'on_failure hook:', 'run on_failure hook "./page.sh"',
    ]);
  });

  it('best effort: everything after the commit but after_deploy, and everything after a failure; before the release nothing is', () => {
    const effects = planReleaseEffects(input());
    const marks = (phases: typeof effects.before): string[] => phases.flatMap((p) => p.steps.filter((s) => s.bestEffort).map((s) => s.kind));
    assert.deepEqual(marks(effects.before), ['notify']);
    assert.deepEqual(marks(effects.after), ['record-release', 'notify', 'retain-images']);
    assert.deepEqual(marks(effects.failure), ['record-release', 'notify', 'hook']);
  });

  it('no webhooks, no hooks, keep_images 0: only the release record remains', () => {
    const effects = planReleaseEffects(input({ webhooks: 0, keepImages: 0, hooks: { beforeDeploy: [], afterDeploy: [], onFailure: [] } }));
    assert.deepEqual([effects.before, effects.after, effects.failure].map(lines), [
      ['release record:', 'record release 3 of demo-app: in progress'],
      ['release record:', 'record release 3 of demo-app: succeeded (with the image id and digests)'],
      ['release record:', 'record release 3 of demo-app: failed'],
    ]);
  });

  it('--dry-run lists the effects around the phases, best-effort steps marked, the failure effects under "on failure"', () => {
    const release = planDeploy(deployInput());
    const listing = describePlan({ ...release, effects: planReleaseEffects(input({ release: release.release })) });
    const at = (line: string): number => listing.indexOf(line);
    assert.ok(at('    - record release 1 of demo-app: in progress') < at('  record the release'), listing.join('\n'));
    assert.ok(at('  record the release') < at('    - record release 1 of demo-app: succeeded (with the image id and digests) [best effort: a failure is reported, the release stands]'), listing.join('\n'));
    assert.ok(at('    - run after_deploy hook "./smoke.sh"') > 0, listing.join('\n'));
    assert.ok(at('  on failure') < at('    - record release 1 of demo-app: failed [best effort: a failure is reported, the release stands]'), listing.join('\n'));
    assert.equal(listing.at(-1), '    - run on_failure hook "./page.sh" [best effort: a failure is reported, the release stands]');
  });

  it('a rollback that restarts kept containers: notify started, its record in progress; after the switch its record, the release it left rolled-back, notify succeeded', () => {
    const effects = planRollbackEffects({ service: 'demo-app', release: 4, from: 3, webhooks: 1 });
    assert.deepEqual([effects.before, effects.after, effects.failure].map(lines), [
      ['notify:', 'notify 1 webhook: rollback.started (delivered in the background)', 'release record:', 'record release 4 of demo-app: in progress'],
      ['release record:', 'record release 4 of demo-app: succeeded (with the image id and digests)', 'record release 3 of demo-app: rolled-back', 'notify:', 'notify 1 webhook: rollback.succeeded (delivered in the background)'],
      ['release record:', 'record release 4 of demo-app: failed', 'notify:', 'notify 1 webhook: rollback.failed (delivered in the background)'],
    ]);
    assert.deepEqual(lines(withoutRecord(effects.failure)), ['notify:', 'notify 1 webhook: rollback.failed (delivered in the background)'], 'failed before its record was written: nothing to record');
  });

  it('a rollback that redeploys (its deploy records itself), without webhooks: only the release it left, recorded rolled-back', () => {
    const effects = planRollbackEffects({ service: 'demo-app', from: 5, webhooks: 0 });
    assert.deepEqual([effects.before, effects.after, effects.failure].map(lines), [[], ['release record:', 'record release 5 of demo-app: rolled-back'], []]);
  });
});
