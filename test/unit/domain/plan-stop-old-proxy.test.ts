import assert from 'node:assert/strict';
import { describeStep, type Plan } from '../../../src/domain/plan';
import { planProxy } from '../../../src/domain/plan-proxy';
import { planStopOld } from '../../../src/domain/plan-stop-old';
import { ConfigError, ConflictError } from '../../../src/errors';
import { container, service, stored, view } from '../builders';

const steps = (plan: Plan): string[] => plan.phases.flatMap((p) => p.steps.map(describeStep));
const both = view({ containers: [container('demo_app-blue_1', { color: 'blue' }), container('demo_app-green_1', { color: 'green' })] });

describe('planStopOld', () => {
  it('stops (does not remove) the running instances of the colour that is not live', () => {
    const plan = planStopOld({ project: 'demo', target: 'app', spec: service('app', { stopGracePeriodMs: 20_000 }), view: both, stored: stored({ color: 'green' }), liveColor: 'green', drainMs: 10_000 });
    assert.deepEqual(steps(plan), ['stop demo_app-blue_1 on local (grace 20s)']);
  });

  it('drains first when the service is behind the proxy', () => {
    const plan = planStopOld({ project: 'demo', target: 'app', spec: service('app'), view: both, stored: stored({ color: 'green', routedColor: 'green', routedPaths: ['/demo'] }), liveColor: 'green', drainMs: 10_000 });
    assert.equal(steps(plan)[0], 'drain: wait for in-flight requests of demo-app to finish (up to 10s)');
  });

  it('refuses while the proxy still routes the old colour, and says to switch first', () => {
    assert.throws(
      () => planStopOld({ project: 'demo', target: 'app', spec: service('app'), view: both, stored: stored({ color: 'green', routedColor: 'blue', routedPaths: ['/demo'] }), liveColor: 'green', drainMs: 1 }),
      (e: unknown) => e instanceof ConflictError && /--flow=proxy --flow=stop-old/.test(e.hint ?? ''),
    );
  });

  it('has nothing to stop when no blue-green release was recorded', () => {
    assert.deepEqual(steps(planStopOld({ project: 'demo', target: 'app', spec: service('app'), view: both, stored: stored(), liveColor: undefined, drainMs: 1 })), []);
  });
});

describe('planProxy', () => {
  const input = { service: 'demo-app', project: 'demo', target: 'app', blueGreen: true, stored: stored({ color: 'blue' }), deployedColor: undefined, paths: ['/demo'], port: 8080 };

  it('routes to the colour deployed in this invocation, else the live one', () => {
    assert.deepEqual(steps(planProxy({ ...input, deployedColor: 'green' })), ['route /demo of demo-app to app-green']);
    assert.deepEqual(steps(planProxy(input)), ['route /demo of demo-app to app-blue']);
  });

  it('uses the stored paths when none are given', () => {
    assert.deepEqual(steps(planProxy({ ...input, paths: [], stored: stored({ color: 'blue', routedPaths: ['/a', '/b'] }) })), ['route /a, /b of demo-app to app-blue']);
  });

  it('without any service path it is a clear error naming --service-path', () => {
    assert.throws(() => planProxy({ ...input, paths: [] }), (e: unknown) => e instanceof ConfigError && e.key === '--service-path' && /--service-path=\/demo/.test(e.hint ?? ''));
  });

  it('without a port to route to it is a clear error', () => {
    assert.throws(() => planProxy({ ...input, port: undefined }), (e: unknown) => e instanceof ConfigError && /ports: \["8080"\]/.test(e.hint ?? ''));
  });
});
