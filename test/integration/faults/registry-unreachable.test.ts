import assert from 'node:assert/strict';
import type { FlowFixture } from '../flows/flow-fixture';
import { startRequestLoop, versionOf } from '../flows/request-loop';
import { freePort } from '../support/free-port';
import { assertRoutedColourServes, existingColours, releasesOf, serviceStatus, type Cli, proxiedProject, type ProxiedProject } from './fault-kit';

const appCompose = 'services:\n  app:\n    image: ${IMAGE}\n    ports: ["8080"]\n    stop_grace_period: 2s\n';

describe('faults: the registry refuses connections during the pull', function () {
  this.timeout(300_000);
  let f: FlowFixture;
  let proxyArgs: readonly string[];
  let cli: Cli;
  let p: ProxiedProject;
  const service = (): string => `${f.project}-app`;
  const url = (): string => p.url('/reg/');
  const release = ['--blue-green', '--target=app', '--service-path=/reg', '--flow=deploy', '--flow=proxy', '--flow=stop-old'];

  before(async () => {
    p = await proxiedProject('fr', appCompose);
    ({ f, proxyArgs, cli } = p);
    const r = await cli(release, { IMAGE: 'docker-flow-demo:v1' });
    assert.equal(r.code, 0, r.stderr);
  });
  after(async () => {
    await p.close();
  });

  it('exits 4 naming the registry; nothing starts and the old release keeps serving', async () => {
    // a port nothing listens on: the engine's connection to this "registry" is refused
    const registry = `127.0.0.1:${await freePort()}`;
    const loop = startRequestLoop(url(), { maxRequests: 20_000, classify: versionOf });
    const r = await cli(release, { IMAGE: `${registry}/${f.project}/app:v1` });
    const seen = await loop.stop();

    assert.equal(r.code, 4, r.stderr);
    const quoted = registry.replace(/\./g, '\\.');
    assert.match(r.stderr, new RegExp(`error: [^\\n]*registry ${quoted} could not be reached from local to pull ${quoted}/\\S+`));
    assert.match(r.stderr, /connection refused|ECONNREFUSED/);
    assert.match(r.stderr, /next: /);
    assert.doesNotMatch(r.stderr, /✓ start /, 'no instance was started');
    assert.deepEqual(seen.failed, []);
    const status = await serviceStatus(cli, service());
    assert.deepEqual(existingColours(status), ['blue'], 'no green container exists');
    assert.equal(status.liveColor, 'blue');
    const served = await assertRoutedColourServes(cli, service(), url());
    assert.deepEqual([served.color, served.version], ['blue', 'v1']);
    const [last] = await releasesOf(cli);
    assert.equal(last?.result, 'failed');
    assert.match(last?.error ?? '', new RegExp(quoted));
  });
});
