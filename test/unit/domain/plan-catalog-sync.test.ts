import assert from 'node:assert/strict';
import type { CatalogInstance } from '../../../src/domain/catalog-instance';
import { isServing, planCatalogSync } from '../../../src/domain/plan-catalog-sync';
import { container } from '../builders';

function instance(host: string, name: string, o: Partial<CatalogInstance> = {}): CatalogInstance {
  return { id: `${host}:${name}`, name: 'demo-app-blue', address: '10.0.0.1', port: 32768, tags: ['release-1', 'color-blue', `host-${host}`], container: name, host, ...o };
}

describe('planCatalogSync', () => {
  it('registers what serves and is missing, deregisters what no longer serves', () => {
    const plan = planCatalogSync([instance('h1', 'a_1'), instance('h1', 'a_2')], [instance('h1', 'a_2'), instance('h1', 'a_3')], ['h1']);
    assert.deepEqual(plan.register.map((i) => i.id), ['h1:a_1']);
    assert.deepEqual(plan.deregister, ['h1:a_3']);
    assert.deepEqual(plan.untouchedHosts, []);
  });

  it('re-registers an instance whose port, address or tags changed, and leaves an identical one alone', () => {
    const registered = [instance('h1', 'a_1'), instance('h1', 'a_2'), instance('h1', 'a_3', { tags: ['host-h1', 'color-blue', 'release-1'] })];
    const serving = [instance('h1', 'a_1', { port: 32999 }), instance('h1', 'a_2', { address: '10.0.0.9' }), instance('h1', 'a_3')];
    assert.deepEqual(planCatalogSync(serving, registered, ['h1']).register.map((i) => i.id), ['h1:a_1', 'h1:a_2'], 'tag order does not matter');
  });

  it('leaves the entries of hosts whose engine did not answer (or that it does not watch) as they are', () => {
    const plan = planCatalogSync([instance('h1', 'a_1')], [instance('h1', 'a_1'), instance('h2', 'a_2'), instance('h3', 'a_3')], ['h1']);
    assert.deepEqual(plan.deregister, []);
    assert.deepEqual(plan.untouchedHosts, ['h2', 'h3']);
  });

  it('empties a host that answered with no serving container', () => {
    assert.deepEqual(planCatalogSync([], [instance('h2', 'a_2'), instance('h1', 'a_1')], ['h1', 'h2']).deregister, ['h1:a_1', 'h2:a_2']);
  });
});

describe('isServing', () => {
  it('a running target that is healthy, or has no health check, serves', () => {
    assert.equal(isServing(container('a_1')), true);
    assert.equal(isServing({ ...container('a_1'), health: 'none' }), true);
  });
  it('starting, unhealthy, stopped and side containers do not', () => {
    assert.equal(isServing({ ...container('a_1'), health: 'starting' }), false);
    assert.equal(isServing({ ...container('a_1'), health: 'unhealthy' }), false);
    assert.equal(isServing(container('a_1', { state: 'exited' })), false);
    assert.equal(isServing(container('db_1', { role: 'side' })), false);
  });
});
