import assert from 'node:assert/strict';
import { startRequestLoop, versionOf } from '../flows/request-loop';
import { freePort } from '../support/free-port';
import { assertRoutedColourServes, existingColours, releasesOf, serviceStatus, faultSuite } from './fault-kit';

const appCompose = 'services:\n  app:\n    image: ${IMAGE}\n    ports: ["8080"]\n    stop_grace_period: 2s\n';

describe('faults: the registry refuses connections during the pull', function () {
  this.timeout(300_000);
  const s = faultSuite({ prefix: 'fr', compose: appCompose, path: '/reg', first: { IMAGE: 'docker-flow-demo:v1' } });
  const { cli, service, url, release } = s;

  it('exits 4 naming the registry; nothing starts and the old release keeps serving', async () => {
    // a port nothing listens on: the engine's connection to this "registry" is refused
    const registry = `127.0.0.1:${await freePort()}`;
    const loop = startRequestLoop(url(), { maxRequests: 20_000, classify: versionOf });
    const r = await cli(release, { IMAGE: `${registry}/${s.f.project}/app:v1` });
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
