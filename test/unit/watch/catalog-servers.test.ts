import assert from 'node:assert/strict';
import type { CatalogInstance } from '../../../src/domain/catalog-instance';
import { catalogServerSource } from '../../../src/watch/catalog-servers';

describe('catalogServerSource', () => {
  const instance = (container: string, host: string, port: number): CatalogInstance => ({
    id: `${host}:${container}`, name: 'demo-app-green', address: `10.0.0.${host.slice(1)}`, port, tags: [], container, host,
  });
  const asked: string[] = [];
  const servers = catalogServerSource({
    passingInstances: (name) => {
      asked.push(name);
      return Promise.resolve([instance('demo_app-green_2', 'h2', 32001), instance('demo_app-green_1', 'h1', 32000), instance('demo_app-green_3', 'h1', 32002)]);
    },
  });

  it("reads the passing instances of the route's coloured name and maps them to servers, sorted by name, minus excluded ones", async () => {
    const route = { service: 'demo-app', project: 'demo', target: 'app', color: 'green' as const, paths: ['/demo'], port: 8080, exclude: ['demo_app-green_3'] };
    assert.deepEqual(await servers(route, AbortSignal.timeout(1000)), [
      { name: 'demo_app-green_1', host: 'h1', address: '10.0.0.1', port: 32000 },
      { name: 'demo_app-green_2', host: 'h2', address: '10.0.0.2', port: 32001 },
    ]);
    assert.deepEqual(asked, ['demo-app-green']);
  });
});
