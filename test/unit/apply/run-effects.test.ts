import assert from 'node:assert/strict';
import type { Clock } from '../../../src/clock';
import type { ProgressEvent } from '../../../src/apply/progress';
import { runEffects } from '../../../src/apply/run-effects';
import type { EffectPhase, EffectStep } from '../../../src/domain/release-effects';
import { FlowFailedError, UnreachableError } from '../../../src/errors';

const clock: Clock = { now: () => 0, sleep: () => Promise.resolve(undefined) };
const record = (bestEffort: boolean): EffectStep => ({ kind: 'record-release', service: 'demo-app', release: 2, result: 'succeeded', bestEffort });
const hook = (command: string, bestEffort = false): EffectStep => ({ kind: 'hook', name: 'after_deploy', command, bestEffort });
const phases: readonly EffectPhase[] = [
  { title: 'release record', steps: [record(true)] },
  { title: 'after_deploy hook', steps: [hook('./smoke.sh'), hook('echo done')] },
];

describe('runEffects (effect phases of a release, step by step)', () => {
  it('runs every step in order and puts each on the timeline', async () => {
    const ran: string[] = [];
    const events: ProgressEvent[] = [];
    await runEffects(phases, { run: (s) => Promise.resolve(void ran.push(s.kind === 'hook' ? s.command : s.kind)), progress: (e) => events.push(e), clock, signal: new AbortController().signal });
    assert.deepEqual(ran, ['record-release', './smoke.sh', 'echo done']);
    assert.deepEqual(events.filter((e) => e.type !== 'step-start').map((e) => (e.type === 'phase' ? `▸ ${e.title}` : e.type === 'step-done' ? `✓ ${e.step}` : e.type)), [
      '▸ release record', '✓ record release 2 of demo-app: succeeded (with the image id and digests)',
      '▸ after_deploy hook', '✓ run after_deploy hook "./smoke.sh"', '✓ run after_deploy hook "echo done"',
    ]);
  });

  it('a best-effort step that fails is reported and the next steps run', async () => {
    const ran: string[] = [];
    const events: ProgressEvent[] = [];
    await runEffects(phases, {
      run: (s) => {
        if (s.kind === 'record-release') return Promise.reject(new UnreachableError('Consul at http://127.0.0.1:8500 could not be reached'));
        ran.push(s.kind);
        return Promise.resolve();
      },
      progress: (e) => events.push(e), clock, signal: new AbortController().signal,
    });
    assert.deepEqual(ran, ['hook', 'hook']);
    const failed = events.find((e) => e.type === 'step-failed');
    assert.deepEqual(failed, { type: 'step-failed', step: 'record release 2 of demo-app: succeeded (with the image id and digests)', durationMs: 0, error: 'Consul at http://127.0.0.1:8500 could not be reached' });
  });

  it('any other step that fails stops the effects and is thrown as it is', async () => {
    const ran: string[] = [];
    const failure = new FlowFailedError('after_deploy hook "./smoke.sh" exited with code 2');
    await assert.rejects(
      runEffects(phases, {
        run: (s) => {
          ran.push(s.kind === 'hook' ? s.command : s.kind);
          return s.kind === 'hook' ? Promise.reject(failure) : Promise.resolve();
        },
        progress: () => undefined, clock, signal: new AbortController().signal,
      }),
      (error: unknown) => error === failure,
    );
    assert.deepEqual(ran, ['record-release', './smoke.sh'], 'echo done never ran');
  });
});
