import assert from 'node:assert/strict';
import { mergeServers } from '../../../src/apply/merge-servers';
import { toForeignInstance } from '../../../src/adapters/consul/catalog-entry';

describe('apply/merge-servers and registrations of others', () => {
  const server = (name: string, address: string, port: number) => ({ name, host: 'h1', address, port });

  it('keeps one server per address and port, the first source first, with unique names, sorted by name', () => {
    const own = [server('demo_app-blue_1', '10.0.0.11', 32768)];
    const others = [server('demo_app-blue_1', '10.0.0.11', 32768), server('demo_app-blue_1', '10.0.0.12', 32770), server('web', '10.0.0.13', 80)];
    assert.deepEqual(mergeServers(own, others), [
      server('demo_app-blue_1', '10.0.0.11', 32768),
      server('demo_app-blue_1~2', '10.0.0.12', 32770),
      server('web', '10.0.0.13', 80),
    ]);
  });

  it("reads a registrator entry: the container from its ID, the service's address or else the node's", () => {
    const entry = (address: string) => ({ Node: { Node: 'agent-h1', Address: '10.0.0.11' }, Service: { ID: 'h1:demo_app-blue_1:8080', Service: 'demo-app-blue', Address: address, Port: 32768, Tags: null } });
    assert.deepEqual(toForeignInstance(entry('')), { id: 'h1:demo_app-blue_1:8080', name: 'demo-app-blue', address: '10.0.0.11', port: 32768, tags: [], container: 'demo_app-blue_1', host: 'agent-h1' });
    assert.equal(toForeignInstance(entry('10.0.0.99'))?.address, '10.0.0.99');
    assert.equal(toForeignInstance({ Node: {}, Service: { ID: 'x', Service: 'y', Port: 0 } }), undefined, 'nothing to route to');
  });
});
