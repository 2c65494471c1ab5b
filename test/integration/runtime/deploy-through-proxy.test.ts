import assert from 'node:assert/strict';
import { freePort } from '../support/free-port';
import { httpGet } from '../support/http-get';
import { flowFixture, type FlowFixture } from '../flows/flow-fixture';
import { versionOf } from '../flows/request-loop';

/**
 * The end-to-end check of the Node matrix (scripts/node-matrix.sh runs it under each Node line):
 * the CLI runs on this process's Node (process.execPath), deploys two releases blue-green
 * behind a local HAProxy and serves each through it.
 */
describe(`deploy through the proxy on Node ${process.version}`, function () {
  this.timeout(180_000);
  let f: FlowFixture;
  let port: number;
  let statusPort: number;

  before(async () => {
    port = await freePort();
    statusPort = await freePort();
    f = await flowFixture(`node${process.versions.node.split('.')[0] ?? ''}x${process.pid}`);
  });
  after(async () => {
    await f.cli(['proxy', 'stop', '--proxy-port', String(port), '--proxy-reconf-port', String(statusPort)]);
    await f.cleanup();
  });

  for (const version of ['v1', 'v2']) {
    it(`deploys ${version} blue-green with its side target, switches the proxy and serves it`, async () => {
      const r = await f.cli(['--blue-green', '--target=app', '--side-target=db', '--service-path=/app', '--flow=deploy', '--flow=proxy', '--flow=stop-old',
        '--proxy-port', String(port), '--proxy-reconf-port', String(statusPort)], { VERSION: version });
      assert.equal(r.code, 0, r.stderr);
      assert.equal(versionOf((await httpGet(`http://127.0.0.1:${port}/app/`)).body), version);
    });
  }
});
