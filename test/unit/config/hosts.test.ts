import assert from 'node:assert/strict';
import { join } from 'node:path';
import { hostsFromEndpoints } from '../../../src/config/hosts';
import { loadOptions, loadResolvedOptions } from '../../../src/config/load-options';
import { assertConfigError, fixturesDir, optionsFrom } from './support/resolve-from';
import { formatDockerEndpoint } from '../../../src/domain/docker-endpoint';

const names = (endpoints: readonly string[]): string[] => hostsFromEndpoints(endpoints, undefined).map((host) => host.name);

describe('config/hosts', () => {
  it('is the local engine when nothing names a host', () => {
    assert.deepEqual(optionsFrom({}).hosts, [{ name: 'local', endpoint: { scheme: 'unix', socketPath: '/var/run/docker.sock' }, address: '127.0.0.1', labels: {} }]);
  });

  it('derives names: local for the default socket, the folder of other sockets, the host part of tcp and ssh', () => {
    assert.deepEqual(names(['unix:///var/run/docker.sock', 'unix:///tmp/h1/docker.sock', 'tcp://10.77.0.12:2375', 'ssh://ops@node-3.example.com:2222']), [
      'local',
      'h1',
      '10.77.0.12',
      'node-3.example.com',
    ]);
  });

  it('gives duplicate names -2, -3', () => {
    assert.deepEqual(names(['tcp://10.0.0.1:2375', 'tcp://10.0.0.1:2376', 'ssh://ops@10.0.0.1', 'unix:///a/h/docker.sock', 'unix:///b/h/docker.sock']), [
      '10.0.0.1',
      '10.0.0.1-2',
      '10.0.0.1-3',
      'h',
      'h-2',
    ]);
  });

  it('derives addresses: 127.0.0.1 for sockets, the host part for tcp and ssh', () => {
    const hosts = hostsFromEndpoints(['unix:///tmp/h1/docker.sock', 'tcp://10.77.0.12:2376', 'ssh://ops@[fd00::5]:22'], undefined);
    assert.deepEqual(hosts.map((host) => host.address), ['127.0.0.1', '10.77.0.12', 'fd00::5']);
  });

  it('gives the global --cert-path (or $DOCKER_CERT_PATH) to tcp hosts only', () => {
    const hosts = optionsFrom({ argv: ['-H', 'tcp://10.0.0.1:2376', '-H', 'unix:///tmp/h2/docker.sock', '--cert-path=/certs'] }).hosts;
    assert.equal(hosts[0]?.certPath, '/certs');
    assert.equal(hosts[1] !== undefined && 'certPath' in hosts[1], false);
    const fromEnv = optionsFrom({ env: { DOCKER_HOST: 'tcp://10.0.0.1:2376', DOCKER_CERT_PATH: '/docker/certs' } }).hosts;
    assert.equal(fromEnv[0]?.certPath, '/docker/certs');
  });

  it('takes hosts from -H, else FLOW_HOST, else DOCKER_HOST, else yml host, else yml hosts', () => {
    const yml = 'host: tcp://10.0.0.3:2375';
    const env = { FLOW_HOST: 'tcp://10.0.0.1:2375,tcp://10.0.0.2:2375', DOCKER_HOST: 'tcp://10.0.0.9:2375' };
    const endpoints = (sources: Parameters<typeof optionsFrom>[0]): string[] => optionsFrom(sources).hosts.map((host) => formatDockerEndpoint(host.endpoint));
    assert.deepEqual(endpoints({ yml, env, argv: ['-H', 'unix:///tmp/h1/docker.sock'] }), ['unix:///tmp/h1/docker.sock']);
    assert.deepEqual(endpoints({ yml, env }), ['tcp://10.0.0.1:2375', 'tcp://10.0.0.2:2375']);
    assert.deepEqual(endpoints({ yml, env: { DOCKER_HOST: 'tcp://10.0.0.9:2375' } }), ['tcp://10.0.0.9:2375']);
    assert.deepEqual(endpoints({ yml }), ['tcp://10.0.0.3:2375']);
    const cluster = join(fixturesDir, 'cluster');
    const fromFile = loadOptions({ flags: {}, env: { DOCKER_HOST: 'tcp://10.0.0.9:2375' }, cwd: cluster }).hosts;
    assert.deepEqual(fromFile.map((host) => formatDockerEndpoint(host.endpoint)), ['tcp://10.0.0.9:2375'], 'DOCKER_HOST overrides the file (SPEC: env over yml)');
  });

  it('reads the structured hosts: list of docker-flow.yml', () => {
    const cluster = join(fixturesDir, 'cluster');
    const { options, sources } = loadResolvedOptions({ flags: {}, env: {}, cwd: cluster });
    assert.deepEqual(options.hosts, [
      { name: 'node-1', endpoint: { scheme: 'tcp', host: '10.77.0.11', port: 2376 }, address: '10.77.0.11', labels: { zone: 'a', ssd: 'true' }, certPath: '/etc/docker/certs' },
      { name: 'node-2', endpoint: { scheme: 'ssh', user: 'ops', host: '10.77.0.12' }, address: '10.77.0.12', labels: {} },
      { name: 'edge', endpoint: { scheme: 'tcp', host: 'edge.example.com', port: 2376 }, address: '203.0.113.7', labels: {}, certPath: join(cluster, 'edge-certs') },
      { name: 'local', endpoint: { scheme: 'unix', socketPath: '/var/run/docker.sock' }, address: '127.0.0.1', labels: {} },
    ]);
    assert.equal(sources.hosts, 'docker-flow.yml: hosts');
  });

  it('rejects mistakes in hosts: naming the path of the entry', () => {
    const entry = (text: string): string => `hosts:\n  - name: a\n    endpoint: tcp://10.0.0.1:2375\n  - ${text}`;
    assertConfigError(() => optionsFrom({ yml: entry('name: b\n    endpoint: tcp://10.0.0.2:2375\n    adress: 10.0.0.2') }), {
      key: 'docker-flow.yml: hosts[1].adress',
      includes: ['did you mean "address"', 'name, endpoint, cert_path, address, labels'],
    });
    assertConfigError(() => optionsFrom({ yml: entry('endpoint: tcp://10.0.0.2:2375') }), { key: 'docker-flow.yml: hosts[1].name', includes: ['required'] });
    assertConfigError(() => optionsFrom({ yml: entry('name: b') }), { key: 'docker-flow.yml: hosts[1].endpoint', includes: ['required'] });
    assertConfigError(() => optionsFrom({ yml: entry('name: a\n    endpoint: tcp://10.0.0.2:2375') }), {
      key: 'docker-flow.yml: hosts[1].name',
      includes: ['"a" is already the name of docker-flow.yml: hosts[0]'],
    });
    assertConfigError(() => optionsFrom({ yml: entry('name: b\n    endpoint: http://10.0.0.2') }), {
      key: 'docker-flow.yml: hosts[1].endpoint',
      includes: ['"http://10.0.0.2"', 'tcp://host:port'],
    });
    assertConfigError(() => optionsFrom({ yml: entry('name: b\n    endpoint: unix:///tmp/b/docker.sock\n    cert_path: certs') }), {
      key: 'docker-flow.yml: hosts[1].cert_path',
      includes: ['only to tcp://'],
    });
    assertConfigError(() => optionsFrom({ yml: entry('name: b\n    endpoint: tcp://b:2375\n    labels: [zone]') }), {
      key: 'docker-flow.yml: hosts[1].labels',
      includes: ['expected a mapping'],
    });
    assertConfigError(() => optionsFrom({ yml: entry('name: b\n    endpoint: tcp://b:2375\n    address: not an address') }), {
      key: 'docker-flow.yml: hosts[1].address',
      includes: ['host name or IP address'],
    });
    assertConfigError(() => optionsFrom({ yml: 'hosts: tcp://10.0.0.1:2375' }), { key: 'docker-flow.yml: hosts', includes: ['list of hosts'] });
    assertConfigError(() => optionsFrom({ yml: 'hosts:\n  - tcp://10.0.0.1:2375' }), { key: 'docker-flow.yml: hosts[0]', includes: ['name and endpoint'] });
    assertConfigError(() => optionsFrom({ yml: `host: tcp://10.0.0.1:2375\n${entry('name: b\n    endpoint: tcp://b:2375')}` }), {
      key: 'docker-flow.yml: hosts',
      includes: ['together with "host"'],
    });
  });
});
