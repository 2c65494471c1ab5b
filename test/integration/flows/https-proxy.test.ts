import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { freePort } from '../support/free-port';
import { httpGet } from '../support/http-get';
import { httpsGet, makeSiteCertificate } from '../support/tls-site';
import { flowFixture, type FlowFixture } from './flow-fixture';
import { startRequestLoop, versionOf } from './request-loop';
import { step } from '../support/scenario';

describe('the local proxy serves HTTPS with --proxy-cert', function () {
  this.timeout(300_000);
  let f: FlowFixture;
  let ports: { http: number; https: number; status: number };
  const proxy = (): string[] => ['--proxy-port', String(ports.http), '--proxy-https-port', String(ports.https), '--proxy-reconf-port', String(ports.status)];

  before(async () => {
    f = await flowFixture(`tls${process.pid}`);
    ports = { http: await freePort(), https: await freePort(), status: await freePort() };
  });
  after(async () => {
    await f.cli(['proxy', 'stop', ...proxy()]);
    await f.cleanup();
  });

  it('a certificate whose key is missing is refused before anything starts: exit 2, the file and the fix', async () => {
    const own = await flowFixture(`tlsk${process.pid}`); // a project of its own: nothing of the scenario's is there
    try {
      const first = await makeSiteCertificate(own.dir, 'nokey', '127.0.0.1');
      const r = await own.cli(['--blue-green', '--target=app', '--service-path=/demo', '--flow=deploy', '--flow=proxy', '--proxy-cert', first.crt, ...proxy()]);
      assert.equal(r.code, 2, r.stderr);
      assert.match(r.stderr, /error: --proxy-cert: \S+nokey\.crt holds no private key/);
      assert.match(r.stderr, /next: give one PEM file holding the certificate, its chain and its private key/);
      assert.deepEqual(await own.containers(), []);
    } finally {
      await own.cleanup();
    }
  });

  it('scenario: HTTPS with the first certificate, then a release that switches with no failed request and serves a new certificate', async () => {
    await step('deploy + proxy: /demo answers over HTTPS with the certificate (and over HTTP)', async () => {
      const site = await makeSiteCertificate(f.dir, 'site-a', '127.0.0.1');
      const r = await f.cli(['--blue-green', '--target=app', '--service-path=/demo', '--flow=deploy', '--flow=proxy', '--proxy-cert', site.pem, ...proxy()], { VERSION: 'v1' });
      assert.equal(r.code, 0, r.stderr);
      const ca = await readFile(site.crt, 'utf8');
      const answer = await httpsGet(`https://127.0.0.1:${ports.https}/demo/`, ca);
      assert.equal(answer.status, 200);
      assert.equal(versionOf(answer.body), 'v1');
      assert.equal(answer.fingerprint, new X509Certificate(ca).fingerprint256);
      assert.equal(versionOf((await httpGet(`http://127.0.0.1:${ports.http}/demo/`)).body), 'v1');
      const stored = await readFile(join(f.stateDir, 'proxy', 'proxy-cert.pem'), 'utf8');
      assert.equal(stored, await readFile(site.pem, 'utf8'));
    });

    await step('a release switches over HTTPS with no failed request; a new certificate is served after the next proxy run', async () => {
      const loop = startRequestLoop(`http://127.0.0.1:${ports.http}/demo/`, { maxRequests: 5000, classify: versionOf });
      const next = await makeSiteCertificate(f.dir, 'site-b', '127.0.0.1');
      const r = await f.cli(['--blue-green', '--target=app', '--flow=deploy', '--flow=proxy', '--flow=stop-old', '--proxy-cert', next.pem, ...proxy()], { VERSION: 'v2' });
      const seen = await loop.stop();
      assert.equal(r.code, 0, r.stderr);
      assert.deepEqual(seen.failed, []);
      const ca = await readFile(next.crt, 'utf8');
      const answer = await httpsGet(`https://127.0.0.1:${ports.https}/demo/`, ca);
      assert.equal(versionOf(answer.body), 'v2');
      assert.equal(answer.fingerprint, new X509Certificate(ca).fingerprint256, 'the proxy reloaded with the new certificate');
    });
  });
});
