import assert from 'node:assert/strict';
import { assertConfigError, optionsFrom } from './support/resolve-from';

const hosts = ['hosts:', '  - { name: h1, endpoint: "unix:///tmp/h1/docker.sock", address: 10.77.0.11 }', '  - { name: h2, endpoint: "unix:///tmp/h2/docker.sock", address: 10.77.0.12 }', '  - { name: h3, endpoint: "tcp://10.77.0.13:2376", address: 10.77.0.13 }'].join('\n');

describe('config: the proxy tier (proxies:, --proxy-docker-host, --proxy-tolerate-down)', () => {
  it('reads proxies: as hosts of the cluster by name, local, and endpoints of their own; one entry is the single proxy of before', () => {
    const yml = `${hosts}\nproxies:\n  - h1\n  - local\n  - { name: edge, endpoint: "tcp://10.77.0.20:2376", address: 10.77.0.20 }\n`;
    const tier = optionsFrom({ yml }).proxies;
    assert.deepEqual(tier.map((p) => [p.kind, p.name, p.kind === 'container' ? p.host.address : '']), [['container', 'h1', '10.77.0.11'], ['local', 'local', ''], ['container', 'edge', '10.77.0.20']]);
    assert.deepEqual(optionsFrom({ yml: hosts }).proxies, [{ kind: 'local', name: 'local' }], 'no proxies: the local HAProxy process');
    assert.deepEqual(optionsFrom({ yml: `${hosts}\nproxy_docker_host: h3\n` }).proxies.map((p) => p.name), ['h3'], 'proxy_docker_host as before');
  });

  it('takes --proxy-docker-host repeated, and FLOW_PROXY_DOCKER_HOST comma-separated, over proxies: of the file', () => {
    const yml = `${hosts}\nproxies: [h1]\n`;
    assert.deepEqual(optionsFrom({ yml, argv: ['--proxy-docker-host=h2', '--proxy-docker-host=h3'] }).proxies.map((p) => p.name), ['h2', 'h3']);
    assert.deepEqual(optionsFrom({ yml, env: { FLOW_PROXY_DOCKER_HOST: 'h3,h1' } }).proxies.map((p) => p.name), ['h3', 'h1']);
  });

  it('refuses an unknown host, the same host twice, and a tolerance above the number of proxies (exit 2, naming the entry)', () => {
    assertConfigError(() => optionsFrom({ yml: `${hosts}\nproxies: [h1, h9]\n` }), { key: 'docker-flow.yml: proxies[1]', includes: ['"h9" is not a host of the cluster (hosts: h1, h2, h3)'] });
    assertConfigError(() => optionsFrom({ yml: `${hosts}\nproxies: [h1, h2, h1]\n` }), { key: 'docker-flow.yml: proxies[2]', includes: ['"h1" is already the proxy of docker-flow.yml: proxies[0]: one proxy per host'] });
    assertConfigError(() => optionsFrom({ yml: `${hosts}\nproxies: [h1, "unix:///tmp/h1/docker.sock"]\n` }), { key: 'docker-flow.yml: proxies[1]', includes: ['"h1" is already the proxy of docker-flow.yml: proxies[0]'] });
    assertConfigError(() => optionsFrom({ yml: hosts, argv: ['--proxy-docker-host=h2', '--proxy-docker-host=h2'] }), { key: '--proxy-docker-host', includes: ['"h2" is given twice'] });
    assertConfigError(() => optionsFrom({ yml: hosts, argv: ['--proxy-docker-host=h1', '--proxy-docker-host=unix:///tmp/h1/docker.sock'] }), { key: '--proxy-docker-host[1]', includes: ['"h1" is already the proxy of --proxy-docker-host[0]'] });
    assertConfigError(() => optionsFrom({ yml: `${hosts}\nproxies: [h1, h2]\n`, argv: ['--proxy-tolerate-down=3'] }), { key: '--proxy-tolerate-down', includes: ['3 is more than the 2 proxies of the tier (h1, h2); accepted: 0 to 2'] });
    assertConfigError(() => optionsFrom({ yml: `${hosts}\nproxies: [h1]\nproxy_docker_host: h2\n` }), { key: 'docker-flow.yml: proxies', includes: ['cannot be used together with "proxy_docker_host"'] });
    assertConfigError(() => optionsFrom({ yml: `${hosts}\nproxies: []\n` }), { key: 'docker-flow.yml: proxies', includes: ['expected a non-empty list of proxies'] });
    assertConfigError(() => optionsFrom({ yml: `${hosts}\nproxies: [{ name: e, endpoint: "tcp://10.0.0.9:2376", adress: 10.0.0.9 }]\n` }), { key: 'docker-flow.yml: proxies[0].adress', includes: ['did you mean "address"?'] });
  });

  it('checks proxies: of the file against the hosts even when --proxy-docker-host overrides it', () => {
    assertConfigError(() => optionsFrom({ yml: `${hosts}\nproxies: [h7]\n`, argv: ['--proxy-docker-host=h1'] }), { key: 'docker-flow.yml: proxies[0]', includes: ['"h7"'] });
  });
});
