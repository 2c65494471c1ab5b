import assert from 'node:assert/strict';
import { readRouteServers } from '../../../src/apply/route-servers';
import type { ContainerInfo } from '../../../src/domain/container';
import type { HostSpec } from '../../../src/domain/host';
import type { RouteSpec } from '../../../src/domain/plan';
import { UnreachableError } from '../../../src/errors';
import { container } from '../builders';
import { fakeEngine } from '../support/fake-engine';

const hostAt = (name: string, address: string): HostSpec => ({ name, endpoint: { scheme: 'unix', socketPath: `/tmp/${name}/docker.sock` }, address, labels: {} });
const h1 = hostAt('h1', '10.77.0.11');
const h2 = hostAt('h2', '10.77.0.12');
const h3 = hostAt('h3', '10.77.0.13');
const route: RouteSpec = { service: 'demo-app', project: 'demo', target: 'app', color: 'green', paths: ['/demo'], port: 8080, exclude: [] };

function instance(name: string, host: HostSpec, hostIp: string, hostPort: number, color: 'blue' | 'green' = 'green'): ContainerInfo {
  return {
    ...container(name, { host: host.name, color }),
    labels: { 'io.docker-flow.service': 'demo-app', 'io.docker-flow.role': 'target' },
    publishedPorts: [{ containerPort: 8080, protocol: 'tcp', hostIp, hostPort }],
  };
}

const down = (host: HostSpec): Error => new UnreachableError(`engine on ${host.name} could not be reached: ECONNREFUSED`, { hint: `is dockerd running on ${host.name}?` });
const signal = new AbortController().signal;

describe('readRouteServers across hosts', () => {
  it('routes to each instance of the colour at its host address (the bound address, or the host address for 0.0.0.0)', async () => {
    const engines = new Map([
      ['h1', fakeEngine(h1, { containers: [instance('demo_app-green_1', h1, '10.77.0.11', 32768), instance('demo_app-blue_1', h1, '10.77.0.11', 32769, 'blue')] })],
      ['h2', fakeEngine(h2, { containers: [instance('demo_app-green_2', h2, '0.0.0.0', 32768)] })],
      ['h3', fakeEngine(h3, { containers: [instance('demo_app-green_3', h3, '10.77.0.13', 32770)] })],
    ]);
    assert.deepEqual(await readRouteServers(engines, route, signal), [
      { name: 'demo_app-green_1', host: 'h1', address: '10.77.0.11', port: 32768 },
      { name: 'demo_app-green_2', host: 'h2', address: '10.77.0.12', port: 32768 },
      { name: 'demo_app-green_3', host: 'h3', address: '10.77.0.13', port: 32770 },
    ]);
  });

  it('keeps the known servers of a host whose engine does not answer, minus the excluded ones', async () => {
    const engines = new Map([
      ['h1', fakeEngine(h1, { containers: [instance('demo_app-green_1', h1, '10.77.0.11', 32768)] })],
      ['h2', fakeEngine(h2, { fails: down(h2) })],
    ]);
    const known = [
      { name: 'demo_app-green_1', host: 'h1', address: '10.77.0.11', port: 1 },
      { name: 'demo_app-green_2', host: 'h2', address: '10.77.0.12', port: 32768 },
      { name: 'demo_app-green_4', host: 'h2', address: '10.77.0.12', port: 32769 },
    ];
    const servers = await readRouteServers(engines, { ...route, exclude: ['demo_app-green_4'] }, signal, known);
    assert.deepEqual(servers.map((s) => `${s.name}@${s.address}:${s.port}`), ['demo_app-green_1@10.77.0.11:32768', 'demo_app-green_2@10.77.0.12:32768']);
  });

  it('fails with the engine\'s own error when the only host does not answer', async () => {
    const engines = new Map([['h2', fakeEngine(h2, { fails: down(h2) })]]);
    await assert.rejects(readRouteServers(engines, route, signal), (e: unknown) => e instanceof UnreachableError && /engine on h2/.test(e.message));
  });

  it('fails naming every host when none answers', async () => {
    const engines = new Map([['h1', fakeEngine(h1, { fails: down(h1) })], ['h2', fakeEngine(h2, { fails: down(h2) })]]);
    await assert.rejects(readRouteServers(engines, route, signal), (e: unknown) => {
      assert.ok(e instanceof UnreachableError);
      assert.match(e.message, /no Docker host answered .* demo-app .*h1: engine on h1 .*; h2: engine on h2 .*the proxy was left as it was/);
      return true;
    });
  });
});
