import assert from 'node:assert/strict';
import { freePort } from '../support/free-port';
import { httpGet } from '../support/http-get';
import { flowFixture, type FlowFixture } from './flow-fixture';
import { startRequestLoop, versionOf } from './request-loop';
import { step } from '../support/scenario';

describe('a release without --blue-green (rolling) behind the local proxy, on two service paths', function () {
  this.timeout(300_000);
  let f: FlowFixture;
  let port: number;
  let statusPort: number;
  const proxyArgs = (): string[] => ['--proxy-port', String(port), '--proxy-reconf-port', String(statusPort)];
  const running = async (): Promise<readonly string[]> => (await f.containers()).filter((c) => c.state === 'running' && c.name.includes('_app')).map((c) => c.image).sort();

  before(async () => {
    port = await freePort();
    statusPort = await freePort();
    f = await flowFixture(`roll${process.pid}`);
  });
  after(async () => f.cleanup());

  it('scenario: two instances on two paths, a rolling release with no failed request, then proxy stop', async () => {
    await step('deploy of 2 instances routes both paths to them', async () => {
      const r = await f.cli(['--target=app', '--scale=2', '--service-path=/roll', '--service-path=/r2', '--flow=deploy', '--flow=proxy', ...proxyArgs()], { VERSION: 'v1' });
      assert.equal(r.code, 0, r.stderr);
      assert.deepEqual(await running(), ['docker-flow-demo:v1', 'docker-flow-demo:v1']);
      assert.equal(versionOf((await httpGet(`http://127.0.0.1:${port}/roll/`)).body), 'v1');
      assert.equal(versionOf((await httpGet(`http://127.0.0.1:${port}/r2/x`)).body), 'v1');
    });

    await step('the next release replaces the instances one at a time with no failed request on either path', async () => {
      const loops = ['/roll/', '/r2/'].map((path) => startRequestLoop(`http://127.0.0.1:${port}${path}`, { maxRequests: 5000, classify: versionOf }));
      const r = await f.cli(['--target=app', '--flow=deploy', '--flow=proxy', ...proxyArgs()], { VERSION: 'v2' });
      const seen = await Promise.all(loops.map((loop) => loop.stop()));
      assert.equal(r.code, 0, r.stderr);
      for (const s of seen) {
        assert.deepEqual(s.failed, [], 'no request failed: there was always a healthy instance behind the proxy');
        assert.ok(s.ok > 0);
      }
      assert.deepEqual(await running(), ['docker-flow-demo:v2', 'docker-flow-demo:v2'], 'both instances replaced, the count kept');
      assert.equal(versionOf((await httpGet(`http://127.0.0.1:${port}/roll/`)).body), 'v2');
    });

    await step('docker-flow proxy stop stops the local proxy: the port no longer answers and proxy status says so', async () => {
      const r = await f.cli(['proxy', 'stop', ...proxyArgs()]);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /local HAProxy \(.*\): stopped/);
      await assert.rejects(httpGet(`http://127.0.0.1:${port}/roll/`), /ECONNREFUSED/);
      const status = await f.cli(['proxy', 'status', ...proxyArgs()]);
      assert.match(status.stdout, /local HAProxy \(.*\): stopped \(not running\)/);
    });
  });
});
