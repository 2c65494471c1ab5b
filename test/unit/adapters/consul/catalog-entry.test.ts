import assert from 'node:assert/strict';
import { nodeNameOf, toCatalogInstance } from '../../../../src/adapters/consul/catalog-entry';
import { UnreachableError } from '../../../../src/errors';

const expected = {
  id: 'h1:demo_app-blue_1', name: 'demo-app-blue', address: '10.0.0.11', port: 32768,
  tags: ['release-2', 'color-blue', 'host-h1'], container: 'demo_app-blue_1', host: 'h1',
};
const meta = { 'docker-flow': '1', container: 'demo_app-blue_1', host: 'h1' };

describe('toCatalogInstance', () => {
  it('reads an entry of GET /v1/catalog/service/<name>', () => {
    const raw = {
      Node: 'docker-flow-h1', Address: '10.0.0.11', ServiceID: 'h1:demo_app-blue_1', ServiceName: 'demo-app-blue', ServiceAddress: '10.0.0.11',
      ServicePort: 32768, ServiceTags: ['release-2', 'color-blue', 'host-h1'], ServiceMeta: meta,
    };
    assert.deepEqual(toCatalogInstance(raw, 'Consul'), expected);
  });

  it('reads an entry of GET /v1/health/service/<name>, taking the node address when the service has none', () => {
    const raw = {
      Node: { Node: 'docker-flow-h1', Address: '10.0.0.11' },
      Service: { ID: 'h1:demo_app-blue_1', Service: 'demo-app-blue', Address: '', Port: 32768, Tags: ['release-2', 'color-blue', 'host-h1'], Meta: meta },
      Checks: [],
    };
    assert.deepEqual(toCatalogInstance(raw, 'Consul'), expected);
  });

  it('ignores entries docker-flow did not register', () => {
    assert.equal(toCatalogInstance({ ServiceID: 'web-1', ServiceName: 'web', ServicePort: 80, ServiceMeta: {} }, 'Consul'), undefined);
    assert.equal(toCatalogInstance({ Node: {}, Service: { ID: 'consul', Service: 'consul', Meta: null } }, 'Consul'), undefined);
  });

  it('refuses a marked entry it cannot read, naming Consul and the entry', () => {
    assert.throws(() => toCatalogInstance({ ServiceID: 'x', ServiceMeta: { 'docker-flow': '1' } }, 'Consul at http://127.0.0.1:8500'), (error: unknown) => {
      assert.ok(error instanceof UnreachableError);
      assert.match(error.message, /Consul at http:\/\/127\.0\.0\.1:8500 answered a catalog read with an entry docker-flow cannot read: \{"ServiceID":"x"/);
      return true;
    });
  });
});

describe('nodeNameOf', () => {
  it('never names the catalog node like the Docker host (an agent of that name would remove our services)', () => {
    assert.equal(nodeNameOf('node-1'), 'docker-flow-node-1');
  });
});
