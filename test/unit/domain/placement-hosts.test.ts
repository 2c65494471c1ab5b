import assert from 'node:assert/strict';
import type { ClusterView } from '../../../src/domain/cluster-view';
import { describeStep } from '../../../src/domain/plan';
import { planDeploy, type DeployInput } from '../../../src/domain/plan-deploy';
import { planScale, type ScaleInput } from '../../../src/domain/plan-scale';
import { pickVictims, placeInstances } from '../../../src/domain/placement';
import { ConfigError, UnreachableError } from '../../../src/errors';
import { container, host, model, service, stored, view } from '../builders';

const cluster = [host('h1', { zone: 'a' }), host('h2', { zone: 'b' }), host('h3', { zone: 'a' })];
const noLoad = new Map<string, { service: number; total: number }>();
const count = (hosts: readonly string[]): Record<string, number> => hosts.reduce<Record<string, number>>((all, h) => ({ ...all, [h]: (all[h] ?? 0) + 1 }), {});

/** h2 did not answer: only h1 and h3 are in the view. */
const withoutH2 = (): ClusterView => ({
  ...view({ hosts: [cluster[0] ?? host('h1'), cluster[2] ?? host('h3')] }),
  unreachable: [{ host: 'h2', reason: 'engine on h2 could not be reached: ENOENT' }],
});

const deployInput = (o: Partial<DeployInput> = {}): DeployInput => ({
  project: 'demo', target: 'app', sideTargets: [], blueGreen: true,
  model: model(service('app')), view: view({ hosts: cluster }), stored: stored(),
  pullSideTargets: false, healthTimeoutMs: 60_000, settleMs: 1000, drainMs: 1000, ...o,
});

describe('placement across hosts', () => {
  it('spreads 6 instances on 3 hosts as 2 per host, in a deterministic order', () => {
    const placed = placeInstances(cluster, { constraints: [] }, noLoad, 6, 'k');
    assert.deepEqual(placed, ['h1', 'h2', 'h3', 'h1', 'h2', 'h3']);
  });

  it('honours node.labels constraints and node.hostname', () => {
    assert.deepEqual(count(placeInstances(cluster, { constraints: ['node.labels.zone == a'] }, noLoad, 4, 'k')), { h1: 2, h3: 2 });
    assert.deepEqual(count(placeInstances(cluster, { constraints: ['node.labels.zone != a'] }, noLoad, 2, 'k')), { h2: 2 });
    assert.deepEqual(count(placeInstances(cluster, { constraints: ['node.hostname == h3'] }, noLoad, 2, 'k')), { h3: 2 });
  });

  it('breaks ties by the fewest containers in all', () => {
    const load = new Map([['h1', { service: 0, total: 9 }], ['h2', { service: 0, total: 1 }], ['h3', { service: 0, total: 5 }]]);
    assert.deepEqual(placeInstances(cluster, { constraints: [] }, load, 2, 'k'), ['h2', 'h3']);
  });

  it('refuses more instances than max_replicas_per_node allows, naming the limit', () => {
    assert.throws(() => placeInstances(cluster, { constraints: [], maxReplicasPerNode: 1 }, noLoad, 4, 'k'), (e: unknown) => e instanceof ConfigError && /max_replicas_per_node is 1 on 3 eligible host/.test(e.message));
  });

  it('scale down removes from the most loaded host first', () => {
    const instances = [
      { host: 'h1', number: 1 }, { host: 'h1', number: 4 }, { host: 'h1', number: 7 },
      { host: 'h2', number: 2 }, { host: 'h3', number: 3 }, { host: 'h3', number: 6 },
    ];
    assert.deepEqual(pickVictims(instances, 2).map((v) => `${v.host}#${v.number}`), ['h1#7', 'h3#6']);
  });

  it('+3 then -2 on 6 instances over 3 hosts keeps the spread balanced', () => {
    const six = [1, 2, 3, 4, 5, 6].map((n) => container(`demo_app-blue_${n}`, { color: 'blue', number: n, host: `h${((n - 1) % 3) + 1}` }));
    const scaleInput = (containers: typeof six, scale: number, delta: number): ScaleInput => ({
      project: 'demo', target: 'app', blueGreen: true, model: model(service('app')), view: view({ hosts: cluster, containers }),
      stored: stored({ color: 'blue', scale }), scale: { kind: 'relative', delta }, healthTimeoutMs: 60_000, settleMs: 1000, drainMs: 1000,
    });
    const up = planScale(scaleInput(six, 6, 3));
    const added = up.phases.flatMap((p) => p.steps).flatMap((s) => (s.kind === 'create' ? [s.host] : []));
    assert.deepEqual(count(added), { h1: 1, h2: 1, h3: 1 });
    const nine = [...six, ...added.map((h, i) => container(`demo_app-blue_${7 + i}`, { color: 'blue', number: 7 + i, host: h }))];
    const down = planScale(scaleInput(nine, 9, -2));
    const stopped = down.phases.flatMap((p) => p.steps).flatMap((s) => (s.kind === 'stop' ? [s.host] : []));
    assert.equal(stopped.length, 2);
    assert.equal(new Set(stopped).size, 2, `two different hosts lose one each, saw ${stopped.join(', ')}`);
  });

  it('with a host silent, a release goes to the hosts that answered', () => {
    const plan = planDeploy(deployInput({ view: withoutH2(), scale: { kind: 'absolute', count: 4 } }));
    const creates = plan.phases.flatMap((p) => p.steps).filter((s) => s.kind === 'create').map(describeStep);
    assert.deepEqual(creates.map((line) => / on (h\d) /.exec(line)?.[1]), ['h1', 'h3', 'h1', 'h3']);
  });

  it('with a host silent and the rest unable to satisfy the constraints, nothing starts and the error names the silent host', () => {
    const pinned = model(service('app', { placement: { constraints: ['node.labels.zone == b'] } }));
    assert.throws(() => planDeploy(deployInput({ view: withoutH2(), model: pinned })), (e: unknown) => {
      assert.ok(e instanceof UnreachableError, String(e));
      assert.equal(e.exitCode, 4);
      assert.match(e.message, /hosts that answered \(h1, h3\)/);
      assert.match(e.message, /did not answer: h2 \(engine on h2 could not be reached: ENOENT\); nothing was started/);
      assert.match(e.hint ?? '', /bring the engine on h2 back/);
      return true;
    });
  });

  it('with a host silent and max_replicas_per_node too tight for the rest, the error names the silent host', () => {
    const tight = model(service('app', { placement: { constraints: [], maxReplicasPerNode: 2 } }));
    assert.throws(() => planDeploy(deployInput({ view: withoutH2(), model: tight, scale: { kind: 'absolute', count: 6 } })), (e: unknown) => e instanceof UnreachableError && /max_replicas_per_node is 2.*did not answer: h2/.test(e.message));
  });

  it('with every host answering, impossible constraints stay a config error (exit 2)', () => {
    const pinned = model(service('app', { placement: { constraints: ['node.labels.zone == c'] } }));
    assert.throws(() => planDeploy(deployInput({ model: pinned })), (e: unknown) => e instanceof ConfigError && e.exitCode === 2);
  });

  it('a scale-up with a host silent and no room elsewhere names the silent host too', () => {
    const pinned = model(service('app', { placement: { constraints: ['node.hostname == h2'] } }));
    const input: ScaleInput = {
      project: 'demo', target: 'app', blueGreen: true, model: pinned, view: withoutH2(), stored: stored({ color: 'blue', scale: 1 }),
      scale: { kind: 'relative', delta: 1 }, healthTimeoutMs: 60_000, settleMs: 1000, drainMs: 1000,
    };
    assert.throws(() => planScale(input), (e: unknown) => e instanceof UnreachableError && /h2/.test(e.message));
  });
});
