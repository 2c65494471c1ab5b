import assert from 'node:assert/strict';
import type { ContainerInfo } from '../../../src/domain/container';
import { filterInstances, logColourMatches, pickExecInstance } from '../../../src/domain/instance-selection';
import { ConfigError } from '../../../src/errors';
import { container } from '../builders';

const withHealth = (c: ContainerInfo, health: ContainerInfo['health']): ContainerInfo => ({ ...c, health });
const blue2 = container('demo_app-blue_2', { host: 'h2', color: 'blue', number: 2 });
const blue1 = container('demo_app-blue_1', { host: 'h1', color: 'blue', number: 1 });
const fleet = [
  blue2,
  blue1,
  container('demo_app-green_3', { host: 'h1', color: 'green', number: 3, state: 'exited' }),
  container('demo_db_1', { host: 'h3', target: 'db', role: 'side' }),
];
const filter = { project: 'demo', target: 'app', side: false };

describe('domain/instance-selection (logs, exec)', () => {
  it('filters the target\'s instances by host and number, sorted by host then number', () => {
    assert.deepEqual(filterInstances(fleet, filter).map((c) => c.name), ['demo_app-blue_1', 'demo_app-green_3', 'demo_app-blue_2']);
    assert.deepEqual(filterInstances(fleet, { ...filter, host: 'h2' }).map((c) => c.name), ['demo_app-blue_2']);
    assert.deepEqual(filterInstances(fleet, { ...filter, number: 3 }).map((c) => c.name), ['demo_app-green_3']);
    assert.deepEqual(filterInstances(fleet, { project: 'demo', target: 'db', side: true }).map((c) => c.name), ['demo_db_1']);
  });

  it('--colour live is the live colour (every colour when none is recorded); all is every colour', () => {
    const names = (match: (c: ContainerInfo) => boolean): string[] => filterInstances(fleet, filter).filter(match).map((c) => c.name);
    assert.deepEqual(names(logColourMatches('live', 'blue', false)), ['demo_app-blue_1', 'demo_app-blue_2']);
    assert.deepEqual(names(logColourMatches('green', 'blue', false)), ['demo_app-green_3']);
    assert.equal(names(logColourMatches('all', 'blue', false)).length, 3);
    assert.equal(names(logColourMatches('live', undefined, false)).length, 3);
  });

  it('exec takes the first healthy running instance of the live colour, or the one --node / --instance names', () => {
    const unhealthyFirst = [withHealth(blue1, 'unhealthy'), withHealth(blue2, 'healthy')];
    assert.equal(pickExecInstance(unhealthyFirst, filter, 'blue').name, 'demo_app-blue_2');
    assert.equal(pickExecInstance(fleet, filter, 'blue').name, 'demo_app-blue_1');
    assert.equal(pickExecInstance(fleet, { ...filter, host: 'h2' }, 'blue').name, 'demo_app-blue_2');
    assert.equal(pickExecInstance([withHealth(blue1, 'unhealthy')], filter, 'blue').name, 'demo_app-blue_1', 'a running one when none is healthy');
  });

  it('no running instance is bad input (exit 2) saying what was looked for and what there is', () => {
    assert.throws(() => pickExecInstance(fleet, filter, 'green'), (e: unknown) => e instanceof ConfigError && e.exitCode === 2
      && /no running instance of demo-app \(live colour green\): only demo_app-green_3 on h1 \(exited\)/.test(e.message));
    assert.throws(() => pickExecInstance(fleet, { ...filter, target: 'web' }, undefined), (e: unknown) => e instanceof ConfigError && /no running instance of demo-web: no such container/.test(e.message));
  });
});
