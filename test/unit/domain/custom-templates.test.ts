import assert from 'node:assert/strict';
import { withTemplatesInUse } from '../../../src/domain/custom-templates';
import { describeStep, type Plan } from '../../../src/domain/plan';
import { planProxy } from '../../../src/domain/plan-proxy';
import { planScale } from '../../../src/domain/plan-scale';
import { container, model, service, stored, view } from '../builders';

const steps = (plan: Plan): string[] => plan.phases.flatMap((p) => p.steps.map(describeStep));

describe('custom proxy templates in plans', () => {
  it('uses those given now, keeps the stored ones, and drops those given as false (--no-consul-template-*-path)', () => {
    const none = { frontend: undefined, backend: undefined };
    assert.equal(withTemplatesInUse(stored(), none).customTemplates, undefined);
    assert.deepEqual(withTemplatesInUse(stored(), { ...none, frontend: '/t/fe.tmpl' }).customTemplates, ['frontend']);
    assert.deepEqual(withTemplatesInUse(stored({ customTemplates: ['frontend', 'backend'] }), none).customTemplates, ['frontend', 'backend']);
    assert.deepEqual(withTemplatesInUse(stored({ customTemplates: ['frontend', 'backend'] }), { frontend: false, backend: undefined }).customTemplates, ['backend']);
    assert.equal(withTemplatesInUse(stored({ customTemplates: ['frontend'] }), { frontend: false, backend: false }).customTemplates, undefined);
  });

  it('the switch says when a custom template replaces the generated rules, and says nothing without one', () => {
    const input = { service: 'demo-app', project: 'demo', target: 'app', blueGreen: true, deployedColor: undefined, paths: ['/demo'], port: 8080 };
    assert.deepEqual(steps(planProxy({ ...input, stored: stored({ color: 'blue' }) })), ['route /demo of demo-app to app-blue']);
    assert.deepEqual(steps(planProxy({ ...input, stored: stored({ color: 'blue', customTemplates: ['frontend'] }) })), ['route /demo of demo-app to app-blue (a custom frontend template replaces the generated rules for /demo)']);
    assert.deepEqual(steps(planProxy({ ...input, stored: stored({ color: 'blue', customTemplates: ['backend'] }) })), ['route /demo of demo-app to app-blue (a custom backend template replaces the generated servers)']);
    assert.deepEqual(steps(planProxy({ ...input, stored: stored({ color: 'blue', customTemplates: ['frontend', 'backend'] }) })), [
      'route /demo of demo-app to app-blue (custom frontend and backend templates replace the generated rules for /demo and the generated servers)',
    ]);
  });

  it('a scale that re-routes keeps saying so', () => {
    const plan = planScale({
      project: 'demo', target: 'app', blueGreen: true, model: model(service('app')), view: view({ containers: [container('demo_app-blue_1', { color: 'blue' }), container('demo_app-blue_2', { color: 'blue', number: 2 })] }),
      stored: stored({ color: 'blue', scale: 2, routedColor: 'blue', routedPaths: ['/demo'], customTemplates: ['frontend'] }), scale: { kind: 'relative', delta: -1 },
      healthTimeoutMs: 1000, settleMs: 0, drainMs: 1000, routedPort: 8080,
    });
    assert.ok(steps(plan).some((s) => s.startsWith('route /demo of demo-app to app-blue without demo_app-blue_2 (a custom frontend template')), steps(plan).join('\n'));
  });
});
