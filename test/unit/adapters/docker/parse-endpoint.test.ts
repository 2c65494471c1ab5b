import assert from 'node:assert/strict';
import { parseEndpoint } from '../../../../src/adapters/docker/parse-endpoint';
import type { HostSpec } from '../../../../src/domain/host';
import { ConfigError } from '../../../../src/errors';

function host(endpoint: string, certPath?: string): HostSpec {
  return { name: 'node-1', endpoint, address: '127.0.0.1', labels: {}, ...(certPath === undefined ? {} : { certPath }) };
}

describe('adapters/docker/parse-endpoint', () => {
  it('reads unix, tcp (with and without TLS) and ssh endpoints', () => {
    assert.deepEqual(parseEndpoint(host('unix:///var/run/docker.sock')), { kind: 'unix', socketPath: '/var/run/docker.sock' });
    assert.deepEqual(parseEndpoint(host('tcp://10.77.0.11:2375')), { kind: 'tcp', hostname: '10.77.0.11', port: 2375 });
    assert.deepEqual(parseEndpoint(host('tcp://node-1.example.com', '/certs')), { kind: 'tcp', hostname: 'node-1.example.com', port: 2376, certPath: '/certs' });
    assert.deepEqual(parseEndpoint(host('tcp://[::1]:2375')), { kind: 'tcp', hostname: '::1', port: 2375 });
    assert.deepEqual(parseEndpoint(host('ssh://deploy@10.0.0.5')), { kind: 'ssh', hostname: '10.0.0.5', port: 22, username: 'deploy' });
    assert.deepEqual(parseEndpoint(host('ssh://deploy@10.0.0.5:2222')), { kind: 'ssh', hostname: '10.0.0.5', port: 2222, username: 'deploy' });
  });

  for (const [endpoint, why] of [
    ['http://10.0.0.5:2375', 'uses the unsupported scheme http'],
    ['npipe:////./pipe/docker_engine', 'uses the unsupported scheme npipe'],
    ['unix://docker.sock', 'needs an absolute socket path'],
    ['10.0.0.5:2375', 'is not a URL'],
    ['tcp://10.0.0.5:2375/v1.41', 'has a path (/v1.41)'],
    ['ssh://deploy:secret@10.0.0.5', 'holds a password'],
  ] as const) {
    it(`rejects ${endpoint} with a ConfigError saying what is accepted`, () => {
      assert.throws(() => parseEndpoint(host(endpoint)), (error: unknown) => {
        assert.ok(error instanceof ConfigError);
        assert.equal(error.key, '--host');
        assert.ok(error.message.includes(`endpoint "${endpoint}" of host node-1 ${why}`), error.message);
        assert.match(error.message, /accepted: unix:\/\/\/path\/to\/docker\.sock, tcp:\/\/host:port or ssh:\/\/user@host\[:port\]$/);
        return true;
      });
    });
  }
});
