import assert from 'node:assert/strict';
import { hostsFromEndpoints } from '../../../src/config/hosts';
import { parseDockerEndpoint, withDefaultPort } from '../../../src/config/parse-docker-endpoint';
import { assertConfigError, optionsFrom } from './support/resolve-from';

describe('config: Docker endpoints without a port', () => {
  it('accepts tcp://host and gives Docker\'s default port: 2375, or 2376 with a cert path', () => {
    assert.deepEqual(parseDockerEndpoint('tcp://node-1'), { scheme: 'tcp', host: 'node-1' });
    assert.deepEqual(hostsFromEndpoints(['tcp://node-1'], undefined).map((h) => h.endpoint), ['tcp://node-1:2375']);
    assert.deepEqual(hostsFromEndpoints(['tcp://node-1/'], '/certs').map((h) => [h.endpoint, h.certPath]), [['tcp://node-1:2376', '/certs']]);
    const ipv6 = parseDockerEndpoint('tcp://[fd00::5]');
    assert.ok(ipv6 !== undefined);
    assert.equal(withDefaultPort('tcp://[fd00::5]', ipv6, '/certs'), 'tcp://[fd00::5]:2376');
  });

  it('DOCKER_HOST=tcp://host works as a one-host cluster, with DOCKER_CERT_PATH choosing 2376', () => {
    assert.deepEqual(optionsFrom({ env: { DOCKER_HOST: 'tcp://10.0.0.9' } }).hosts, [{ name: '10.0.0.9', endpoint: 'tcp://10.0.0.9:2375', address: '10.0.0.9', labels: {} }]);
    const tls = optionsFrom({ env: { DOCKER_HOST: 'tcp://10.0.0.9', DOCKER_CERT_PATH: '/docker/certs' } }).hosts[0];
    assert.equal(tls?.endpoint, 'tcp://10.0.0.9:2376');
    assert.equal(tls?.certPath, '/docker/certs');
  });

  it('gives hosts: entries without a port the default port of their own cert path', () => {
    const yml = 'hosts:\n  - name: a\n    endpoint: tcp://10.0.0.1\n  - name: b\n    endpoint: tcp://10.0.0.2\n    cert_path: /certs/b\n';
    assert.deepEqual(optionsFrom({ yml }).hosts.map((h) => h.endpoint), ['tcp://10.0.0.1:2375', 'tcp://10.0.0.2:2376']);
  });

  it('sees tcp://host and tcp://host:2375 in hosts: as the same engine', () => {
    const yml = 'hosts:\n  - name: a\n    endpoint: tcp://10.0.0.1:2375\n  - name: b\n    endpoint: tcp://10.0.0.1\n';
    assertConfigError(() => optionsFrom({ yml }), { key: 'docker-flow.yml: hosts[1].endpoint', includes: ['already the endpoint of docker-flow.yml: hosts[0]'] });
  });

  it('still refuses an empty or out-of-range port and a missing host', () => {
    for (const bad of ['tcp://node-1:', 'tcp://node-1:0', 'tcp://node-1:70000', 'tcp://', 'tcp://:2375']) {
      assertConfigError(() => optionsFrom({ argv: ['-H', bad] }), { key: '--host', includes: [`"${bad}"`, 'tcp://host:port'] });
    }
  });
});
