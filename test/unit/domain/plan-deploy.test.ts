import assert from 'node:assert/strict';
import { describePlan, describeStep } from '../../../src/domain/plan';
import { planDeploy, type DeployInput } from '../../../src/domain/plan-deploy';
import { ConfigError } from '../../../src/errors';
import { container, deployInput, host, model, service, stored, view } from '../builders';

const base = deployInput;

const steps = (input: DeployInput): string[] => planDeploy(input).phases.flatMap((p) => p.steps.map(describeStep));

describe('planDeploy (blue-green)', () => {
  it('first deploy starts one blue instance, waits for health, then records blue and scale 1', () => {
    const plan = planDeploy(base());
    assert.equal(plan.color, 'blue');
    assert.equal(plan.count, 1);
    assert.deepEqual(steps(base()), [
      'ensure network demo_default on local',
      'pull app:v1 on local',
      'start demo_app-blue_1 on local (app:v1)',
      'wait until demo_app-blue_1 on local is healthy (timeout 120s)',
      'record demo-app: colour blue, scale 1',
    ]);
    assert.deepEqual(plan.onFailure.map(describeStep), ['remove demo_app-blue_1 on local']);
  });

  it('second deploy starts green beside blue with the stored count and does not touch blue', () => {
    const input = base({
      stored: stored({ color: 'blue', scale: 2, nextRelease: 2 }),
      view: view({ containers: [container('demo_app-blue_1', { color: 'blue' }), container('demo_app-blue_2', { color: 'blue', number: 2 })], images: { local: ['app:v1'] } }),
    });
    const plan = planDeploy(input);
    assert.equal(plan.color, 'green');
    assert.equal(plan.previousColor, 'blue');
    assert.equal(plan.count, 2);
    const all = steps(input);
    assert.ok(all.includes('start demo_app-green_1 on local (app:v1)'));
    assert.ok(all.includes('start demo_app-green_2 on local (app:v1)'));
    assert.ok(!all.some((s) => s.includes('blue_')), 'blue instances are left alone');
    assert.ok(!all.some((s) => s.startsWith('pull')), 'an image already on the host is not pulled');
  });

  it('a relative --scale applies to the stored count', () => {
    assert.equal(planDeploy(base({ stored: stored({ color: 'blue', scale: 2 }), scale: { kind: 'relative', delta: 1 } })).count, 3);
  });

  it('removes stopped containers of the colour it is about to start (the release before last)', () => {
    const input = base({ stored: stored({ color: 'blue', scale: 1 }), view: view({ containers: [container('demo_app-green_1', { color: 'green', state: 'exited' }), container('demo_app-blue_1', { color: 'blue' })] }) });
    const all = steps(input);
    assert.ok(all.indexOf('remove demo_app-green_1 on local') < all.indexOf('start demo_app-green_1 on local (app:v1)'));
  });

  it('never replaces the colour the proxy routes to: a staged colour is replaced instead', () => {
    // green was deployed (color=green) but the proxy still routes blue: the next deploy goes to green again
    const plan = planDeploy(base({ stored: stored({ color: 'green', routedColor: 'blue', routedPaths: ['/demo'], scale: 1 }) }));
    assert.equal(plan.color, 'green');
  });

  it('starts side targets that are not running, before the target', () => {
    const input = base({ sideTargets: ['db'] });
    const all = steps(input);
    assert.ok(all.indexOf('start demo_db_1 on local (db:v1)') < all.indexOf('start demo_app-blue_1 on local (app:v1)'));
    assert.ok(all.includes('wait until demo_db_1 on local is healthy (timeout 120s)'));
  });

  it('leaves a running side target alone and starts a stopped one again', () => {
    const running = base({ sideTargets: ['db'], view: view({ containers: [container('demo_db_1', { target: 'db', role: 'side' })] }) });
    assert.ok(!steps(running).some((s) => s.includes('demo_db_1')));
    const stopped = base({ sideTargets: ['db'], view: view({ containers: [container('demo_db_1', { target: 'db', role: 'side', state: 'exited' })] }) });
    assert.ok(steps(stopped).includes('start existing demo_db_1 on local'));
  });

  it('pulls side targets with --pull-side-targets even when present', () => {
    const input = base({ sideTargets: ['db'], pullSideTargets: true, view: view({ images: { local: ['db:v1', 'app:v1'] } }) });
    assert.deepEqual(steps(input).filter((s) => s.startsWith('pull')), ['pull db:v1 on local']);
  });

  it('refuses a fixed host port in blue-green mode, naming the port and the fix', () => {
    const m = model(service('app', { ports: [{ containerPort: 8080, hostPort: 80, protocol: 'tcp' }] }));
    assert.throws(() => planDeploy(base({ model: m })), (e: unknown) => e instanceof ConfigError && /80:8080/.test(e.message) && /ports: \["8080"\]/.test(e.hint ?? ''));
  });

  it('refuses a fixed host port in a rolling deploy even at scale 1, before anything runs: the new instance starts beside the old one', () => {
    const m = model(service('app', { ports: [{ containerPort: 8080, hostPort: 80, protocol: 'tcp' }] }));
    const refused = (input: DeployInput): void => assert.throws(() => planDeploy(input), (e: unknown) =>
      e instanceof ConfigError && e.exitCode === 2 && e.key === 'compose: services.app.ports' &&
      /fixed host port 80:8080; a rolling deploy of scale 1 .*two instances cannot both bind it, and stopping the old one first would drop requests/.test(e.message) &&
      /ports: \["8080"\]/.test(e.hint ?? '') && /80-81:8080/.test(e.hint ?? ''));
    refused(base({ model: m, blueGreen: false }));
    refused(base({ model: m, blueGreen: false, stored: stored({ scale: 1 }), view: view({ containers: [container('demo_app_1', { number: 1 })] }) }));
    const ranged = model(service('app', { ports: [{ containerPort: 8080, hostPort: 80, hostPortEnd: 81, protocol: 'tcp' }] }));
    assert.doesNotThrow(() => planDeploy(base({ model: ranged, blueGreen: false })));
  });

  it('refuses a target that is not in the compose file, listing the services', () => {
    assert.throws(() => planDeploy(base({ target: 'nope' })), (e: unknown) => e instanceof ConfigError && e.key === '--target' && /app, db/.test(e.hint ?? ''));
  });

  it('spreads instances over hosts and records where each goes', () => {
    const hosts = [host('h1'), host('h2'), host('h3')];
    const plan = planDeploy(base({ view: view({ hosts }), scale: { kind: 'absolute', count: 6 } }));
    const creates = plan.phases.flatMap((p) => p.steps).filter((s) => s.kind === 'create');
    const perHost = new Map<string, number>();
    for (const s of creates) perHost.set(s.host, (perHost.get(s.host) ?? 0) + 1);
    assert.deepEqual([...perHost.entries()].sort(), [['h1', 2], ['h2', 2], ['h3', 2]]);
  });

  it('describes the whole plan for --dry-run', () => {
    const lines = describePlan(planDeploy(base()));
    assert.match(lines[0] ?? '', /^deploy demo-app: nothing → blue, 1 instance of app:v1 \(release 1\)$/);
    assert.ok(lines.includes('  on failure'));
  });
});

describe('planDeploy (rolling, no blue-green)', () => {
  it('replaces instances one at a time: each new one healthy before an old one stops', () => {
    const input = base({
      blueGreen: false,
      stored: stored({ scale: 2 }),
      view: view({ containers: [container('demo_app_1', { number: 1 }), container('demo_app_2', { number: 2 })], images: { local: ['app:v1'] } }),
    });
    assert.deepEqual(steps(input), [
      'ensure network demo_default on local',
      'start demo_app_3 on local (app:v1)',
      'wait until demo_app_3 on local is healthy (timeout 120s)',
      'stop demo_app_1 on local (grace 10s)',
      'remove demo_app_1 on local',
      'start demo_app_4 on local (app:v1)',
      'wait until demo_app_4 on local is healthy (timeout 120s)',
      'stop demo_app_2 on local (grace 10s)',
      'remove demo_app_2 on local',
      'record demo-app: scale 2',
    ]);
  });

  it('re-routes the proxy and drains before each old instance stops when the service is routed', () => {
    const input = base({
      blueGreen: false,
      stored: stored({ scale: 1, routedPaths: ['/demo'] }),
      routedPort: 8080,
      view: view({ containers: [container('demo_app_1', { number: 1 })], images: { local: ['app:v1'] } }),
    });
    const all = steps(input);
    assert.deepEqual(all.slice(2, 6), [
      'wait until demo_app_2 on local is healthy (timeout 120s)',
      'route /demo of demo-app to app without demo_app_1',
      'drain: wait for in-flight requests of demo-app to finish (up to 10s)',
      'stop demo_app_1 on local (grace 10s)',
    ]);
  });
});
