import assert from 'node:assert/strict';
import { describeStep } from '../../../src/domain/plan';
import { planOneOff, type OneOffInput } from '../../../src/domain/plan-one-off';
import type { ReleaseRecord } from '../../../src/domain/records';
import { ConfigError, UnreachableError } from '../../../src/errors';
import { container, host, model, service, stored, view } from '../builders';

const release = (n: number, image: string, result: ReleaseRecord['result'] = 'succeeded'): ReleaseRecord => ({
  number: n, service: 'demo-app', startedAt: '', who: 'ops', scale: 1, images: { app: { image, digests: [] } }, configHash: '', hosts: ['h1'], result,
});
const base = (o: Partial<OneOffInput> = {}): OneOffInput => ({
  model: model(service('app', { environment: { DB_URL: 'postgres://secret' } })), spec: service('app', { image: 'app:from-compose', environment: { DB_URL: 'postgres://secret' } }),
  project: 'demo', target: 'app', view: view({ hosts: [host('h1'), host('h2')], containers: [container('demo_app-green_1', { host: 'h2', color: 'green', image: 'app:v7', release: 7 })], images: { h2: ['app:v7'] } }),
  stored: stored({ color: 'green' }), releases: [release(7, 'app:v7')], argv: ['sh', '-c', 'bin/migrate'], nameSuffix: 'a1b2c3', ...o,
});

describe('domain/plan-one-off (docker-flow run)', () => {
  it('runs from the live instances\' image (not the compose file\'s) beside the first live instance, with the service\'s environment', () => {
    const plan = planOneOff(base());
    assert.equal(plan.host, 'h2');
    assert.equal(plan.container.image, 'app:v7');
    assert.equal(plan.container.name, 'demo_app-run-a1b2c3');
    assert.deepEqual(plan.container.command, ['sh', '-c', 'bin/migrate']);
    assert.ok(plan.container.env.includes('DB_URL=postgres://secret') && plan.container.env.includes('SERVICE_NAME=demo-app-green'));
    assert.deepEqual(plan.container.portBindings, []);
    assert.equal(plan.container.labels['io.docker-flow.role'], 'one-off');
    assert.equal(plan.container.labels['com.docker.compose.oneoff'], 'True');
    assert.deepEqual(plan.prepare.phases.flatMap((p) => p.steps.map(describeStep)), ['ensure network demo_default on h2']);
    assert.match(plan.prepare.title, /^run "bin\/migrate" once in demo_app-run-a1b2c3 on h2 \(app:v7, release 7\); removed afterwards$/);
  });

  it('on --node pulls the live image there when missing', () => {
    const plan = planOneOff(base({ node: 'h1' }));
    assert.equal(plan.host, 'h1');
    assert.deepEqual(plan.prepare.phases.flatMap((p) => p.steps.map(describeStep)), ['ensure network demo_default on h1', 'pull app:v7 on h1']);
  });

  it('without a running instance uses the last succeeded release\'s image', () => {
    const plan = planOneOff(base({ view: view({ hosts: [host('h1')] }), releases: [release(8, 'app:v8', 'failed'), release(7, 'app:v7')] }));
    assert.equal(plan.container.image, 'app:v7');
  });

  it('no live release is bad input; a silent --node is unreachable', () => {
    assert.throws(() => planOneOff(base({ view: view({ hosts: [host('h1')] }), releases: [] })), (e: unknown) => e instanceof ConfigError && e.exitCode === 2 && /demo-app has no live release/.test(e.message));
    const silent = { ...view({ hosts: [host('h1')] }), unreachable: [{ host: 'h2', reason: 'ECONNREFUSED' }] };
    assert.throws(() => planOneOff(base({ view: silent, node: 'h2' })), (e: unknown) => e instanceof UnreachableError && /h2 did not answer \(ECONNREFUSED\)/.test(e.message));
  });
});
