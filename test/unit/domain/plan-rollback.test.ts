import assert from 'node:assert/strict';
import { describeStep, type Plan } from '../../../src/domain/plan';
import { planRollback, type RollbackInput } from '../../../src/domain/plan-rollback';
import type { ReleaseRecord } from '../../../src/domain/records';
import { ConfigError } from '../../../src/errors';
import { container, service, stored, view } from '../builders';

const release = (number: number, image: string, result: ReleaseRecord['result'] = 'succeeded', extra: Partial<ReleaseRecord> = {}): ReleaseRecord => ({
  number, service: 'demo-app', startedAt: '2026-01-01T00:00:00Z', who: 't', scale: 1, images: { app: { image, digests: [] } }, configHash: 'h', hosts: ['local'], result, ...extra,
});
const steps = (plan: Plan): string[] => plan.phases.flatMap((p) => p.steps.map(describeStep));
const base = (o: Partial<RollbackInput> = {}): RollbackInput => ({
  project: 'demo', target: 'app', service: 'demo-app', spec: service('app'), blueGreen: true,
  view: view({ containers: [container('demo_app-green_1', { color: 'green', release: 2, image: 'app:v2' }), container('demo_app-blue_1', { color: 'blue', release: 1, image: 'app:v1', state: 'exited' })] }),
  stored: stored({ color: 'green', scale: 1, routedColor: 'green', routedPaths: ['/demo'], nextRelease: 3 }),
  releases: [release(2, 'app:v2'), release(1, 'app:v1')],
  routedPort: 8080, healthTimeoutMs: 60_000, settleMs: 1000, drainMs: 5000,
  ...o,
});

describe('planRollback', () => {
  it('restarts the kept colour, health-checks it, switches the proxy, drains and stops the current colour', () => {
    const d = planRollback(base());
    assert.equal(d.kind, 'restart');
    if (d.kind !== 'restart') return;
    assert.equal(d.to.number, 1);
    assert.deepEqual(steps(d.prepare), ['start existing demo_app-blue_1 on local', 'wait until demo_app-blue_1 on local is healthy (timeout 60s)']);
    assert.deepEqual(steps(d.switchOver), [
      'route /demo of demo-app to app-blue',
      'drain: wait for in-flight requests of demo-app to finish (up to 5s)',
      'stop demo_app-green_1 on local (grace 10s)',
      'record demo-app: colour blue, scale 1',
    ]);
    assert.deepEqual(d.prepare.onFailure.map(describeStep), ['stop demo_app-blue_1 on local (grace 10s)']);
  });

  it('redeploys the release image when its containers are gone', () => {
    const d = planRollback(base({ view: view({ containers: [container('demo_app-green_1', { color: 'green', release: 2, image: 'app:v2' })] }) }));
    assert.equal(d.kind, 'redeploy');
    assert.equal(d.kind === 'redeploy' ? d.image : '', 'app:v1');
  });

  it('skips failed and rolled-back releases, and a rollback record stands for the release it restored', () => {
    // 4 rolled back to 2 (record 5); live containers carry release 2: the next rollback goes to 1, not to 4 or 3
    const releases = [release(5, 'app:v2', 'succeeded', { rollbackTo: 2 }), release(4, 'app:v4', 'rolled-back'), release(3, 'app:v3', 'failed'), release(2, 'app:v2'), release(1, 'app:v1')];
    const d = planRollback(base({ releases }));
    assert.equal(d.to.number, 1);
  });

  it('--to N picks that release; an unknown or failed one is an error listing the good ones', () => {
    assert.equal(planRollback(base({ to: 1 })).to.number, 1);
    assert.throws(() => planRollback(base({ to: 9 })), (e: unknown) => e instanceof ConfigError && /#2, #1/.test(e.hint ?? ''));
    assert.throws(() => planRollback(base({ to: 2 })), (e: unknown) => e instanceof ConfigError && /already live/.test(e.message));
  });

  it('with no earlier successful release it says so', () => {
    assert.throws(() => planRollback(base({ releases: [release(2, 'app:v2'), release(1, 'app:v1', 'failed')] })), (e: unknown) => e instanceof ConfigError && /no earlier successful release/.test(e.message));
  });
});
