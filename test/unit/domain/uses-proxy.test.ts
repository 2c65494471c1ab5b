import assert from 'node:assert/strict';
import { usesProxy, type Plan, type PlanStep } from '../../../src/domain/plan';

const plan = (steps: readonly PlanStep[], onFailure: readonly PlanStep[] = []): Plan => ({ title: 't', service: 'demo-app', phases: [{ title: 'p', steps }], onFailure });
const route: PlanStep = { kind: 'route', route: { service: 'demo-app', project: 'demo', target: 'app', color: 'green', paths: ['/demo'], port: 8080, exclude: [] } };
const stop: PlanStep = { kind: 'stop', host: 'local', container: 'demo_app-blue_1', graceSec: 10 };

describe('domain/usesProxy: whether applying a plan needs the proxy', () => {
  it('a plan that routes, drains or unroutes does; one that only starts and stops containers does not', () => {
    assert.equal(usesProxy(plan([route])), true);
    assert.equal(usesProxy(plan([{ kind: 'drain', service: 'demo-app', timeoutMs: 1000 }, stop])), true);
    assert.equal(usesProxy(plan([{ kind: 'unroute', service: 'demo-app', paths: ['/demo'] }])), true);
    assert.equal(usesProxy(plan([stop])), false);
  });

  it('a route among the undo steps counts too', () => {
    assert.equal(usesProxy(plan([stop], [route])), true);
  });
});
