import assert from 'node:assert/strict';
import { ConsulCatalog } from '../../../src/adapters/consul/consul-catalog';
import { connectConsul, type ConsulConnection } from '../../../src/adapters/consul/connect-consul';
import type { CatalogInstance } from '../../../src/domain/catalog-instance';
import { silentLogger } from '../../../src/logger';
import { uniqueName } from '../support/unique-name';
import { consulTarget, type ConsulTarget } from './consul-target';
import { step } from '../support/scenario';

describe('ConsulCatalog: registrations on the catalog API', function () {
  let consul: ConsulTarget;
  let connection: ConsulConnection;
  let catalog: ConsulCatalog;
  let prefix: string;
  const signal = (): AbortSignal => AbortSignal.timeout(30_000);
  const instance = (host: string, n: number, color = 'blue'): CatalogInstance => ({
    id: `${prefix}-${host}:${prefix}_app-${color}_${n}`,
    name: `${prefix}-app-${color}`,
    address: host === 'h1' ? '10.77.0.11' : '10.77.0.12',
    port: 32000 + n,
    tags: ['release-1', `color-${color}`, `host-${prefix}-${host}`],
    container: `${prefix}_app-${color}_${n}`,
    host: `${prefix}-${host}`,
  });
  const mine = async (): Promise<readonly string[]> => (await catalog.list(signal())).filter((i) => i.name.startsWith(prefix)).map((i) => i.id);

  before(async function () {
    consul = await consulTarget();
    const token = process.env['CONSUL_HTTP_TOKEN'];
    connection = connectConsul({ address: consul.address, logger: silentLogger, ...(token === undefined || token === '' ? {} : { token }) });
    catalog = new ConsulCatalog(connection);
    prefix = uniqueName('ccat');
  });
  after(async () => {
    for (const id of await mine()) await catalog.deregister(id, signal());
    await consul.put('/catalog/deregister', { Node: `${prefix}-foreign` });
    connection.close();
    await consul.stop();
  });

  it('scenario: instances of several hosts registered on their nodes, only what docker-flow registered listed, a blocking wait woken by a deregistration, deregistering an unknown id', async () => {
    await step('registers instances of several hosts, each on the catalog node of its host, with a passing check', async () => {
      await catalog.register(instance('h2', 2), signal());
      await catalog.register(instance('h1', 1), signal());
      assert.deepEqual(await mine(), [instance('h1', 1).id, instance('h2', 2).id]);
      assert.deepEqual((await catalog.list(signal())).find((i) => i.id === instance('h1', 1).id), instance('h1', 1));
      const { body } = await consul.get(`/health/service/${prefix}-app-blue?passing=true`);
      assert.ok(Array.isArray(body));
      const entries: unknown[] = body;
      const nodes = entries.map((entry): unknown => Reflect.get(Object(Reflect.get(Object(entry), 'Node')), 'Node'));
      assert.deepEqual(nodes.sort(), [`docker-flow-${prefix}-h1`, `docker-flow-${prefix}-h2`]);
      const checks = body.flatMap((entry: unknown) => {
        const list: unknown = Reflect.get(Object(entry), 'Checks');
        return Array.isArray(list) ? list.map((check: unknown) => `${String(Reflect.get(Object(check), 'CheckID'))}=${String(Reflect.get(Object(check), 'Status'))}`) : [];
      });
      assert.ok(checks.includes(`service:${instance('h1', 1).id}=passing`), checks.join(', '));
    });
    await step('lists only what docker-flow registered, and passing instances by catalog name', async () => {
      await consul.put('/catalog/register', { Node: `${prefix}-foreign`, Address: '10.0.0.9', Service: { ID: `${prefix}-web`, Service: `${prefix}-app-blue`, Port: 80 } });
      await catalog.register(instance('h1', 3, 'green'), signal());
      assert.deepEqual(await mine(), [instance('h1', 1).id, instance('h1', 3, 'green').id, instance('h2', 2).id]);
      assert.deepEqual((await catalog.passingInstances(`${prefix}-app-green`, signal())).map((i) => i.id), [instance('h1', 3, 'green').id]);
      assert.deepEqual((await catalog.passingInstances(`${prefix}-app-blue`, signal())).map((i) => i.id), [instance('h1', 1).id, instance('h2', 2).id], 'not the foreign web service');
    });
    await step('a blocking wait answers when an instance is deregistered, not when an identical one is registered again', async () => {
      const index = await catalog.waitForChange(0, 1000, signal());
      assert.ok(index > 0);
      const startedMs = Date.now();
      await catalog.register(instance('h1', 1), signal());
      assert.equal(await catalog.waitForChange(index, 1000, signal()), index, 'an unchanged registration moves no index');
      assert.ok(Date.now() - startedMs >= 1000, 'it waited');
      const waiting = catalog.waitForChange(index, 30_000, signal());
      setTimeout(() => void catalog.deregister(instance('h2', 2).id, signal()), 300);
      const woken = await waiting;
      assert.ok(woken > index);
      assert.ok(Date.now() - startedMs < 10_000);
      assert.deepEqual(await mine(), [instance('h1', 1).id, instance('h1', 3, 'green').id]);
    });
    await step('deregistering an id that is not registered is no error', async () => {
      await catalog.deregister(instance('h2', 2).id, signal());
      await catalog.deregister(`${prefix}-h9:${prefix}_never_1`, signal());
      assert.deepEqual(await mine(), [instance('h1', 1).id, instance('h1', 3, 'green').id]);
    });
  });
});
