import assert from 'node:assert/strict';
import { describeStep } from '../../../src/domain/plan';
import { planScale, type ScaleInput } from '../../../src/domain/plan-scale';
import { ConfigError } from '../../../src/errors';
import { container, host, model, service, stored, view } from '../builders';

const blue = (n: number, h = 'local') => container(`demo_app-blue_${n}`, { color: 'blue', number: n, host: h, image: 'app:v2', release: 4 });
const base = (o: Partial<ScaleInput> = {}): ScaleInput => ({
  project: 'demo',
  target: 'app',
  blueGreen: true,
  model: model(service('app')),
  view: view({ containers: [blue(1), blue(2)], images: { local: ['app:v2'] } }),
  stored: stored({ color: 'blue', scale: 2, nextRelease: 5 }),
  scale: { kind: 'relative', delta: 2 },
  healthTimeoutMs: 60_000,
  settleMs: 3000,
  drainMs: 5000,
  ...o,
});
const steps = (input: ScaleInput): string[] => planScale(input).phases.flatMap((p) => p.steps.map(describeStep));

describe('planScale', () => {
  it('+2 on 2 instances starts 2 more of the live colour with the live image, numbered after the last', () => {
    assert.deepEqual(steps(base()), [
      'start demo_app-blue_3 on local (app:v2)',
      'start demo_app-blue_4 on local (app:v2)',
      'wait until demo_app-blue_3 on local is healthy (timeout 60s)',
      'wait until demo_app-blue_4 on local is healthy (timeout 60s)',
      'record demo-app: colour blue, scale 4',
    ]);
  });

  it('-1 stops and removes the highest-numbered instance and records scale 1', () => {
    assert.deepEqual(steps(base({ scale: { kind: 'relative', delta: -1 } })), [
      'stop demo_app-blue_2 on local (grace 10s)',
      'remove demo_app-blue_2 on local',
      'record demo-app: colour blue, scale 1',
    ]);
  });

  it('takes removed instances out of the proxy and drains them first when the live colour is routed', () => {
    const input = base({ scale: { kind: 'relative', delta: -1 }, routedPort: 8080, stored: stored({ color: 'blue', scale: 2, routedColor: 'blue', routedPaths: ['/demo'] }) });
    assert.deepEqual(steps(input).slice(0, 3), [
      'route /demo of demo-app to app-blue without demo_app-blue_2',
      'drain: wait for in-flight requests of demo-app to finish (up to 5s)',
      'stop demo_app-blue_2 on local (grace 10s)',
    ]);
  });

  it('scaling down removes an instance that is not healthy first', () => {
    const sick = { ...blue(1), health: 'unhealthy' as const };
    const input = base({ view: view({ containers: [sick, blue(2), blue(3)] }), stored: stored({ color: 'blue', scale: 3 }), scale: { kind: 'relative', delta: -1 } });
    assert.deepEqual(steps(input).filter((s) => s.startsWith('stop')), ['stop demo_app-blue_1 on local (grace 10s)']);
  });

  it('a result below 1 is an error naming the current count', () => {
    assert.throws(() => planScale(base({ scale: { kind: 'relative', delta: -2 } })), (e: unknown) => e instanceof ConfigError && /runs 2 now/.test(e.message));
  });

  it('scale without --scale is an error that says how to give one', () => {
    const { scale: _omit, ...rest } = base();
    assert.throws(() => planScale({ ...rest, scale: undefined }), (e: unknown) => e instanceof ConfigError && e.key === '--scale');
  });

  it('scale before any deploy is an error that says to deploy first', () => {
    assert.throws(() => planScale(base({ stored: stored() })), (e: unknown) => e instanceof ConfigError && /deploy it first/.test(e.hint ?? ''));
  });

  it('keeps the spread balanced across hosts: adds to the emptiest, removes from the fullest', () => {
    const hosts = [host('h1'), host('h2'), host('h3')];
    const containers = [blue(1, 'h1'), blue(2, 'h1'), blue(3, 'h2')];
    const up = planScale(base({ view: view({ hosts, containers }), stored: stored({ color: 'blue', scale: 3 }), scale: { kind: 'relative', delta: 3 } }));
    const placed = up.phases.flatMap((p) => p.steps).filter((s) => s.kind === 'create').map((s) => s.host).sort();
    assert.deepEqual(placed, ['h2', 'h3', 'h3']);
    const down = planScale(base({ view: view({ hosts, containers }), stored: stored({ color: 'blue', scale: 3 }), scale: { kind: 'relative', delta: -1 } }));
    assert.deepEqual(down.phases.flatMap((p) => p.steps).filter((s) => s.kind === 'stop').map((s) => s.host), ['h1']);
  });
});
