import assert from 'node:assert/strict';
import type { ContainerInfo } from '../../../src/domain/container';
import { describePlan, describeStep, type Plan } from '../../../src/domain/plan';
import { planRemove, type RemoveInput } from '../../../src/domain/plan-remove';
import { UnreachableError } from '../../../src/errors';
import { container, host, view } from '../builders';

const steps = (plan: Plan): string[] => plan.phases.flatMap((p) => p.steps.map(describeStep));
const oneOff: ContainerInfo = { ...container('demo_app-run-ab12cd', { host: 'h2', state: 'exited' }), role: 'one-off' };
const fleet = [
  { ...container('demo_app-blue_1', { host: 'h1', color: 'blue' }), stopTimeoutSec: 2 },
  container('demo_app-blue_2', { host: 'h2', color: 'blue', number: 2 }),
  container('demo_app-green_1', { host: 'h1', color: 'green', state: 'exited' }),
  oneOff,
  container('demo_db_1', { host: 'h3', target: 'db', role: 'side' }),
  container('demo_worker_1', { host: 'h3', target: 'worker' }),
  { ...container('other_app-blue_1', { host: 'h1', color: 'blue' }), project: 'other' },
];
const unrouted = (o: Partial<RemoveInput>): RemoveInput => {
  const { routedPaths: _paths, ...rest } = input(o);
  return rest;
};
const input = (o: Partial<RemoveInput> = {}): RemoveInput => ({
  project: 'demo', target: 'app', service: 'demo-app',
  view: view({ hosts: [host('h1'), host('h2'), host('h3')], containers: fleet }),
  stored: { color: true, scale: true, releases: 4 }, routedPaths: ['/demo'],
  catalog: [{ id: 'h1:demo_app-blue_1', host: 'h1', container: 'demo_app-blue_1' }, { id: 'h3:demo_app-blue_3', host: 'h3', container: 'demo_app-blue_3' }],
  sideTargets: [], purge: false, drainMs: 10_000, ...o,
});

describe('domain/plan-remove (docker-flow remove)', () => {
  it('takes the route out and drains, stops what runs, removes both colours and leftovers, deregisters orphans, forgets colour and scale', () => {
    const plan = planRemove(input());
    assert.deepEqual(plan.phases.map((p) => p.title), ['take the route out of the proxy', 'drain requests in flight', 'stop instances', 'remove instances', 'deregister catalog entries left without a container', 'forget the state']);
    assert.deepEqual(steps(plan), [
      'take /demo of demo-app out of the proxy (it answers 503 there)',
      'drain: wait for in-flight requests of demo-app to finish (up to 10s)',
      'stop demo_app-blue_1 on h1 (grace 2s)',
      'stop demo_app-blue_2 on h2 (grace 10s)',
      'remove demo_app-blue_1 on h1',
      'remove demo_app-green_1 on h1',
      'remove demo_app-blue_2 on h2',
      'remove demo_app-run-ab12cd on h2',
      'deregister h3:demo_app-blue_3 from the catalog',
      'forget demo-app: its colour key, its scale key',
    ]);
    assert.equal(plan.title, 'remove demo-app: route /demo, 4 containers on h1, h2, 1 catalog entry without a container, its colour and scale; its release history (4) is kept (--purge removes it)');
    assert.deepEqual(plan.onFailure, [], 'no undo: a rerun finishes the job');
  });

  it('side targets only when asked; other targets and projects never', () => {
    assert.ok(!steps(planRemove(input())).some((s) => /demo_db_1|worker|other_/.test(s)));
    assert.ok(steps(planRemove(input({ sideTargets: ['db'] }))).includes('remove demo_db_1 on h3'));
  });

  it('--purge forgets the release history too', () => {
    assert.ok(steps(planRemove(input({ purge: true }))).includes('forget demo-app: its colour key, its scale key, its release history'));
    assert.match(planRemove(input({ purge: true })).title, /its release history \(4\) too$/);
  });

  it('after an interruption plans only what is left, and nothing once all is gone', () => {
    const left = planRemove(unrouted({ catalog: [], view: view({ hosts: [host('h1'), host('h2')], containers: [container('demo_app-blue_2', { host: 'h2', color: 'blue', number: 2, state: 'exited' })] }) }));
    assert.deepEqual(steps(left), ['remove demo_app-blue_2 on h2', 'forget demo-app: its colour key, its scale key']);
    const none = planRemove(unrouted({ catalog: [], view: view({ hosts: [host('h1')] }), stored: { color: false, scale: false, releases: 4 } }));
    assert.deepEqual(none.phases, []);
    assert.deepEqual(describePlan(none), ['remove demo-app: nothing is left; its release history (4) is kept (--purge removes it)']);
  });

  it('refuses while a host does not answer (exit 4), naming it: its containers would outlive the state', () => {
    const silent = { ...view({ hosts: [host('h1')], containers: fleet }), unreachable: [{ host: 'h2', reason: 'ECONNREFUSED' }] };
    assert.throws(() => planRemove(input({ view: silent })), (e: unknown) => e instanceof UnreachableError && e.exitCode === 4 && /remove demo-app needs every host, and h2 \(ECONNREFUSED\) did not answer; nothing was removed/.test(e.message));
  });
});
