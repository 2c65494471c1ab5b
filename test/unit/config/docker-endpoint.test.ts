import assert from 'node:assert/strict';
import { hostsFromEndpoints } from '../../../src/config/hosts';
import { parseDockerEndpoint, withDefaultPort } from '../../../src/config/parse-docker-endpoint';
import { formatDockerEndpoint, type DockerEndpoint } from '../../../src/domain/docker-endpoint';
import { assertConfigError, optionsFrom } from './support/resolve-from';

describe('config: Docker endpoints without a port', () => {
  it('accepts tcp://host and gives Docker\'s default port: 2375, or 2376 with a cert path', () => {
    assert.deepEqual(parseDockerEndpoint('tcp://node-1'), { scheme: 'tcp', host: 'node-1' });
    assert.deepEqual(hostsFromEndpoints(['tcp://node-1'], undefined).map((h) => formatDockerEndpoint(h.endpoint)), ['tcp://node-1:2375']);
    assert.deepEqual(hostsFromEndpoints(['tcp://node-1/'], '/certs').map((h) => [formatDockerEndpoint(h.endpoint), h.certPath]), [['tcp://node-1:2376', '/certs']]);
    const ipv6 = parseDockerEndpoint('tcp://[fd00::5]');
    assert.ok(ipv6 !== undefined);
    assert.deepEqual(withDefaultPort(ipv6, '/certs'), { scheme: 'tcp', host: 'fd00::5', port: 2376 });
    assert.equal(formatDockerEndpoint(withDefaultPort(ipv6, '/certs')), 'tcp://[fd00::5]:2376');
  });

  it('reads unix, tcp and ssh endpoints into the one type the adapters use, and writes them back as given', () => {
    const cases: readonly (readonly [string, DockerEndpoint])[] = [
      ['unix:///var/run/docker.sock', { scheme: 'unix', socketPath: '/var/run/docker.sock' }],
      ['tcp://10.77.0.11:2375', { scheme: 'tcp', host: '10.77.0.11', port: 2375 }],
      ['tcp://[::1]:2375', { scheme: 'tcp', host: '::1', port: 2375 }],
      ['ssh://deploy@10.0.0.5', { scheme: 'ssh', user: 'deploy', host: '10.0.0.5' }],
      ['ssh://deploy@10.0.0.5:2222', { scheme: 'ssh', user: 'deploy', host: '10.0.0.5', port: 2222 }],
    ];
    for (const [text, endpoint] of cases) {
      assert.deepEqual(parseDockerEndpoint(text), endpoint, text);
      assert.equal(formatDockerEndpoint(endpoint), text);
    }
  });

  it('refuses other schemes, relative sockets, paths, passwords and ssh without a user (README: ssh://user@host[:port])', () => {
    for (const bad of ['http://10.0.0.5:2375', 'npipe:////./pipe/docker_engine', 'unix://docker.sock', '10.0.0.5:2375', 'tcp://10.0.0.5:2375/v1.41', 'ssh://deploy:secret@10.0.0.5', 'ssh://10.0.0.5']) {
      assert.equal(parseDockerEndpoint(bad), undefined, bad);
      assertConfigError(() => optionsFrom({ argv: ['-H', bad] }), { key: '--host', includes: [`"${bad}"`, 'ssh://user@host[:port]'] });
    }
  });

  it('DOCKER_HOST=tcp://host works as a one-host cluster, with DOCKER_CERT_PATH choosing 2376', () => {
    assert.deepEqual(optionsFrom({ env: { DOCKER_HOST: 'tcp://10.0.0.9' } }).hosts, [{ name: '10.0.0.9', endpoint: { scheme: 'tcp', host: '10.0.0.9', port: 2375 }, address: '10.0.0.9', labels: {} }]);
    const tls = optionsFrom({ env: { DOCKER_HOST: 'tcp://10.0.0.9', DOCKER_CERT_PATH: '/docker/certs' } }).hosts[0];
    assert.deepEqual(tls?.endpoint, { scheme: 'tcp', host: '10.0.0.9', port: 2376 });
    assert.equal(tls?.certPath, '/docker/certs');
  });

  it('gives hosts: entries without a port the default port of their own cert path', () => {
    const yml = 'hosts:\n  - name: a\n    endpoint: tcp://10.0.0.1\n  - name: b\n    endpoint: tcp://10.0.0.2\n    cert_path: /certs/b\n';
    assert.deepEqual(optionsFrom({ yml }).hosts.map((h) => formatDockerEndpoint(h.endpoint)), ['tcp://10.0.0.1:2375', 'tcp://10.0.0.2:2376']);
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
