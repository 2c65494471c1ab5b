import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import type { Server } from 'node:net';
import { join } from 'node:path';
import type { HostSpec } from '../../../../src/domain/host';
import { ConfigError, UnreachableError } from '../../../../src/errors';
import { localEngine, never } from './docker-kit';
import { listenPlain, listenTls, makeTlsMaterial } from './tls-kit';
import type { TlsMaterial } from './tls-kit';

function tcpHost(port: number, certPath?: string): HostSpec {
  return { name: 'tls-node', endpoint: { scheme: 'tcp', host: '127.0.0.1', port }, address: '127.0.0.1', labels: {}, ...(certPath === undefined ? {} : { certPath }) };
}

describe('adapters/docker: tcp:// endpoints with and without TLS', function () {
  this.timeout(60_000);
  let material: TlsMaterial;
  let tls: { server: Server; port: number };
  let plain: { server: Server; port: number };

  before(async () => {
    material = await makeTlsMaterial();
    tls = await listenTls(material);
    plain = await listenPlain();
  });
  after(async () => {
    tls.server.close();
    plain.server.close();
    await rm(material.root, { recursive: true, force: true });
  });

  it('talks to the real engine over TLS with verified certificates, and over plain TCP without a cert path', async () => {
    await localEngine({ host: tcpHost(tls.port, material.good) }).ping(never());
    const overTls = await localEngine({ host: tcpHost(tls.port, material.good) }).listImages('docker-flow-demo', never());
    const overPlain = await localEngine({ host: tcpHost(plain.port) }).listImages('docker-flow-demo', never());
    assert.deepEqual(overTls, overPlain);
  });

  it('a server certificate from another CA → "was not signed by the CA in <certPath>/ca.pem"', async () => {
    await assert.rejects(localEngine({ host: tcpHost(tls.port, material.wrongCa) }).ping(never()), (error: unknown) => {
      assert.ok(error instanceof UnreachableError);
      assert.ok(error.message.includes(`the server certificate was not signed by the CA in ${material.wrongCa}/ca.pem`), error.message);
      assert.match(error.message, new RegExp(`^engine on tls-node \\(tcp://127\\.0\\.0\\.1:${tls.port}\\) refused the TLS connection for ping`));
      assert.match(error.hint ?? '', /is the cert path right\?/);
      return true;
    });
  });

  it('a client certificate the engine does not trust → UnreachableError', async () => {
    await assert.rejects(localEngine({ host: tcpHost(tls.port, material.wrongClient) }).ping(never()), (error: unknown) => {
      assert.ok(error instanceof UnreachableError, String(error));
      assert.match(error.message, /^engine on tls-node/);
      assert.ok(error.hint?.includes(`did dockerd refuse the client certificate ${material.wrongClient}/cert.pem`), error.hint);
      return true;
    });
  });

  it('plain HTTP to a TLS port and TLS to a plain port are both UnreachableError that say so', async () => {
    await assert.rejects(localEngine({ host: tcpHost(tls.port) }).ping(never()), (error: unknown) => {
      assert.ok(error instanceof UnreachableError, String(error));
      assert.match(error.hint ?? '', /expect TLS \(--cert-path\)/);
      return true;
    });
    await assert.rejects(localEngine({ host: tcpHost(plain.port, material.good) }).ping(never()), (error: unknown) => {
      assert.ok(error instanceof UnreachableError, String(error));
      assert.match(error.message, /the engine does not speak TLS on this port/);
      return true;
    });
  });

  it('TLS files that are missing, not PEM, or a key of another certificate → ConfigError on the first call, naming host and file', async () => {
    const missing = join(material.root, 'no-such-folder');
    const cases: readonly [string, RegExp][] = [
      [missing, new RegExp(`^--cert-path: ${missing}/ca\\.pem for host tls-node could not be read \\(ENOENT`)],
      [material.garbage, new RegExp(`^--cert-path: the TLS files in ${material.garbage} for host tls-node are not usable`)],
      [material.mismatchedKey, new RegExp(`^--cert-path: the TLS files in ${material.mismatchedKey} for host tls-node are not usable`)],
    ];
    for (const [certPath, expected] of cases) {
      const engine = localEngine({ host: tcpHost(tls.port, certPath) }); // lazy: nothing is read yet
      await assert.rejects(engine.ping(never()), (error: unknown) => {
        assert.ok(error instanceof ConfigError, String(error));
        assert.equal(error.exitCode, 2);
        assert.match(error.message, expected);
        assert.match(error.hint ?? '', /ca\.pem, cert\.pem and key\.pem/);
        return true;
      });
    }
  });
});
