import assert from 'node:assert/strict';
import { join } from 'node:path';
import { loadOptions, resolveOptions } from '../../../src/config/load-options';
import { parseConfigText } from '../../../src/config/parse-config-text';
import { testCwd } from './support/option-samples';
import { assertConfigError, fixturesDir, optionsFrom } from './support/resolve-from';
import { formatDockerEndpoint } from '../../../src/domain/docker-endpoint';

const flows = 'deploy, scale, stop-old, proxy';

describe('config: validation errors name the key as written, the value and what is accepted', () => {
  describe('docker-flow.yml', () => {
    it('rejects unknown keys and suggests the closest known one', () => {
      assertConfigError(() => optionsFrom({ yml: 'blue_gren: true' }), { key: 'docker-flow.yml: blue_gren', includes: ['did you mean "blue_green"'] });
      assertConfigError(() => optionsFrom({ yml: 'side-targets: [db]' }), { key: 'docker-flow.yml: side-targets', includes: ['did you mean "side_targets"'] });
      assertConfigError(() => optionsFrom({ yml: 'colour: blue' }), { key: 'docker-flow.yml: colour', includes: ['not a known key', 'accepted keys: blue_green'] });
    });

    it('rejects values of the wrong YAML type', () => {
      assertConfigError(() => optionsFrom({ yml: 'blue_green: "yes"' }), { key: 'docker-flow.yml: blue_green', includes: ['a string "yes"', 'true or false'] });
      assertConfigError(() => optionsFrom({ yml: 'blue_green: yes' }), { key: 'docker-flow.yml: blue_green', includes: ['true or false'] });
      assertConfigError(() => optionsFrom({ yml: 'target: [a, b]' }), { key: 'docker-flow.yml: target', includes: ['found a list', 'compose service name'] });
      assertConfigError(() => optionsFrom({ yml: 'target: 123' }), { key: 'docker-flow.yml: target', includes: ['found a number'] });
      assertConfigError(() => optionsFrom({ yml: 'side_targets: { db: 1 }' }), { key: 'docker-flow.yml: side_targets', includes: ['found a mapping', 'a list'] });
      assertConfigError(() => optionsFrom({ yml: 'side_targets: [db, 1]' }), { key: 'docker-flow.yml: side_targets[1]', includes: ['found a number'] });
      assertConfigError(() => optionsFrom({ yml: 'proxy_port: true' }), { key: 'docker-flow.yml: proxy_port', includes: ['found a boolean', '1 to 65535'] });
      assertConfigError(() => optionsFrom({ yml: 'target:' }), { key: 'docker-flow.yml: target', includes: ['has no value'] });
      assertConfigError(() => optionsFrom({ yml: '- target\n- app' }), { key: 'docker-flow.yml', includes: ['expected a mapping', 'found a list'] });
    });

    it('reports bad YAML with its line and column', () => {
      assertConfigError(() => loadOptions({ flags: {}, env: {}, cwd: join(fixturesDir, 'broken') }), {
        key: 'docker-flow.yml',
        includes: ['not valid YAML', 'line 3, column 1'],
      });
      assertConfigError(() => optionsFrom({ yml: 'target: app\ntarget: web' }), { key: 'docker-flow.yml', includes: ['line 2, column 1', 'unique'] });
    });

    it('checks every value of the file, even one that a flag or the environment overrides', () => {
      assertConfigError(() => optionsFrom({ yml: 'scale: lots', argv: ['--scale=2'] }), { key: 'docker-flow.yml: scale', includes: ['"lots"', '+N or -N'] });
      assertConfigError(() => optionsFrom({ yml: 'flow: [deploy, rollout]', env: { FLOW: 'proxy' } }), { key: 'docker-flow.yml: flow', includes: [flows] });
      assertConfigError(() => optionsFrom({ yml: 'hosts:\n  - name: a\n    endpoint: bogus', argv: ['-H', 'tcp://10.0.0.1:2375'] }), {
        key: 'docker-flow.yml: hosts[0].endpoint',
        includes: ['"bogus"'],
      });
    });

    it('does not check environment variables that a flag overrides (DOCKER_HOST may be set for other tools)', () => {
      const options = optionsFrom({ env: { DOCKER_HOST: 'tcp://docker:', CONSUL_HTTP_ADDR: 'consul:x' }, argv: ['-H', 'tcp://10.0.0.1:2375', '-c', 'consul:8500'] });
      assert.deepEqual(options.hosts.map((host) => formatDockerEndpoint(host.endpoint)), ['tcp://10.0.0.1:2375']);
      assertConfigError(() => optionsFrom({ env: { DOCKER_HOST: 'tcp://docker:' } }), { key: 'DOCKER_HOST', includes: ['tcp://host:port'] });
    });

    it('names an explicit config file by the path given', () => {
      const file = parseConfigText('scale: lots', { displayName: 'conf/prod.yml', baseDir: testCwd });
      assertConfigError(() => resolveOptions({ file, flags: {}, env: {}, cwd: testCwd, home: '/h' }), { key: 'conf/prod.yml: scale', includes: ['"lots"'] });
    });
  });

  it('rejects unknown flows and lists the valid ones', () => {
    assertConfigError(() => optionsFrom({ argv: ['--flow=depoy'] }), { key: '--flow', includes: ['"depoy" is not a flow', flows, 'did you mean "deploy"'] });
    assertConfigError(() => optionsFrom({ env: { FLOW: 'deploy,prxy' } }), { key: 'FLOW', includes: ['"prxy"', flows] });
    assertConfigError(() => optionsFrom({ yml: 'flow: [deploy, rollout]' }), { key: 'docker-flow.yml: flow', includes: ['"rollout"', flows] });
    assertConfigError(() => optionsFrom({ argv: ['--flow=deploy,proxy'] }), { key: '--flow', includes: [flows, 'repeat --flow'] });
    assertConfigError(() => optionsFrom({ yml: 'flow: []' }), { key: 'docker-flow.yml: flow', includes: ['empty', flows] });
    assertConfigError(() => optionsFrom({ argv: ['-F', 'deploy', '-F', 'deploy'] }), { key: '--flow', includes: ['"deploy" is given twice'] });
  });

  it('rejects malformed scales from every source', () => {
    for (const bad of ['abc', '+', '2.5', '++1', '3x']) {
      assertConfigError(() => optionsFrom({ argv: [`--scale=${bad}`] }), { key: '--scale', includes: [`"${bad}"`, '+N or -N'] });
      assertConfigError(() => optionsFrom({ env: { FLOW_SCALE: bad } }), { key: 'FLOW_SCALE', includes: [`"${bad}"`, '+N or -N'] });
      assertConfigError(() => optionsFrom({ yml: `scale: "${bad}"` }), { key: 'docker-flow.yml: scale', includes: [`"${bad}"`, '+N or -N'] });
    }
    assertConfigError(() => optionsFrom({ yml: 'scale: 2.5' }), { key: 'docker-flow.yml: scale', includes: ['"2.5"', '+N or -N'] });
    assertConfigError(() => optionsFrom({ argv: ['-s', '0'] }), { key: '--scale', includes: ['no instance', '1 or more'] });
  });

  it('rejects bad ports', () => {
    for (const bad of ['0', '65536', '80a', '-1', ' ']) {
      assertConfigError(() => optionsFrom({ argv: [`--proxy-port=${bad}`] }), { key: '--proxy-port', includes: ['1 to 65535'] });
    }
    assertConfigError(() => optionsFrom({ env: { FLOW_PROXY_RECONF_PORT: 'http' } }), { key: 'FLOW_PROXY_RECONF_PORT', includes: ['"http"', '1 to 65535'] });
    assertConfigError(() => optionsFrom({ yml: 'proxy_port: 0x50' }), { key: 'docker-flow.yml: proxy_port', includes: ['"0x50"', '1 to 65535'] });
  });

  it('rejects bad durations', () => {
    for (const bad of ['2x', '-5', '1d', 'm', '5 s']) {
      assertConfigError(() => optionsFrom({ argv: [`--health-timeout=${bad}`] }), { key: '--health-timeout', includes: [`"${bad}"`, '500ms, 30s, 2m'] });
    }
    assertConfigError(() => optionsFrom({ argv: ['--health-timeout=0'] }), { key: '--health-timeout', includes: ['too short', '1ms or more'] });
    assertConfigError(() => optionsFrom({ yml: 'drain: [1]' }), { key: 'docker-flow.yml: drain', includes: ['found a list', '30s'] });
  });

  it('rejects values outside an enum', () => {
    assertConfigError(() => optionsFrom({ argv: ['--log-format=xml'] }), { key: '--log-format', includes: ['"xml"', 'text, json'] });
    assertConfigError(() => optionsFrom({ env: { FLOW_LOG_LEVEL: 'verbose' } }), { key: 'FLOW_LOG_LEVEL', includes: ['error, warn, info, debug'] });
    assertConfigError(() => optionsFrom({ argv: ['--log-level=INFO'] }), { key: '--log-level', includes: ['did you mean "info"'] });
  });

  it('rejects empty values', () => {
    assertConfigError(() => optionsFrom({ argv: ['--target='] }), { key: '--target', includes: ['empty', 'compose service name'] });
    assertConfigError(() => optionsFrom({ argv: ['--scale='] }), { key: '--scale', includes: ['empty', '+N or -N'] });
    assertConfigError(() => optionsFrom({ argv: ['--flow='] }), { key: '--flow', includes: ['empty', flows] });
    assertConfigError(() => optionsFrom({ argv: ['-f', ''] }), { key: '--compose-path', includes: ['empty'] });
    assertConfigError(() => optionsFrom({ yml: 'target: ""' }), { key: 'docker-flow.yml: target', includes: ['empty'] });
    assertConfigError(() => optionsFrom({ env: { FLOW_SIDE_TARGETS: 'db,,cache' } }), { key: 'FLOW_SIDE_TARGETS', includes: ['empty'] });
  });

  it('rejects service paths that do not start with /', () => {
    assertConfigError(() => optionsFrom({ argv: ['--service-path=demo'] }), { key: '--service-path', includes: ['"demo"', 'starts with /'] });
    assertConfigError(() => optionsFrom({ env: { FLOW_SERVICE_PATH: '/a,b' } }), { key: 'FLOW_SERVICE_PATH', includes: ['"b"', 'starts with /'] });
  });

  it('accepts --proxy-host as host or host:port and rejects anything else', () => {
    for (const good of ['h:9000', 'proxy.example.com', '10.0.0.5:80', '[::1]:9000', 'localhost']) {
      optionsFrom({ argv: [`--proxy-host=${good}`] });
    }
    for (const bad of ['http://h:9000', 'h:abc', 'h:0', 'h:1:2', 'h:', ':9000', 'a b']) {
      assertConfigError(() => optionsFrom({ argv: [`--proxy-host=${bad}`] }), { key: '--proxy-host', includes: [`"${bad}"`, 'host or host:port'] });
    }
  });

  it('rejects bad Docker endpoints for hosts and the proxy host', () => {
    for (const bad of ['http://x:2375', 'tcp://h:', 'unix://relative.sock', 'ssh://host', 'npipe:////./pipe/docker_engine', 'tcp://h:99999']) {
      assertConfigError(() => optionsFrom({ argv: ['-H', bad] }), { key: '--host', includes: [`"${bad}"`, 'tcp://host:port'] });
    }
    assertConfigError(() => optionsFrom({ env: { DOCKER_HOST: 'bogus' } }), { key: 'DOCKER_HOST', includes: ['unix:///path/to/docker.sock'] });
    assertConfigError(() => optionsFrom({ yml: 'host: [tcp://a:1, bogus]' }), { key: 'docker-flow.yml: host', includes: ['"bogus"'] });
    assertConfigError(() => optionsFrom({ argv: ['--proxy-docker-host=http://10.0.0.1:2375'] }), { key: '--proxy-docker-host', includes: ['ssh://user@host', 'the name of a host of the cluster'] });
    assertConfigError(() => optionsFrom({ argv: ['--proxy-docker-host=h9', '-H', 'tcp://10.0.0.1:2376'] }), { key: '--proxy-docker-host', includes: ['"h9" is not a host of the cluster (hosts: 10.0.0.1)'] });
    assert.deepEqual(optionsFrom({ argv: ['--proxy-docker-host=10.0.0.1', '-H', 'tcp://10.0.0.1:2376'] }).proxies.map((p) => p.name), ['10.0.0.1'], 'a host of the cluster, by name');
    assertConfigError(() => optionsFrom({ argv: ['-H', 'tcp://a:1', '-H', 'tcp://a:1'] }), { key: '--host', includes: ['given twice'] });
  });

  it('rejects other malformed values', () => {
    assertConfigError(() => optionsFrom({ env: { FLOW_BLUE_GREEN: 'maybe' } }), { key: 'FLOW_BLUE_GREEN', includes: ['"maybe"', 'true, false, 1, 0, yes, no'] });
    assertConfigError(() => optionsFrom({ argv: ['-c', 'ftp://consul:8500'] }), { key: '--consul-address', includes: ['http://host:port'] });
    assertConfigError(() => optionsFrom({ argv: ['-c', 'http://consul:8500/v1'] }), { key: '--consul-address', includes: ['http://host:port'] });
    assertConfigError(() => optionsFrom({ argv: ['-p', 'My_App'] }), { key: '--project', includes: ['lower-case letters'] });
    assertConfigError(() => optionsFrom({ argv: ['--target=my app'] }), { key: '--target', includes: ['"my app"', 'compose service name'] });
    assertConfigError(() => optionsFrom({ argv: ['-T', '-db'] }), { key: '--side-target', includes: ['compose service name'] });
    assertConfigError(() => loadOptions({ flags: { target: 5 }, env: {}, cwd: testCwd }), { key: '--target', includes: ['expected a string'] });
  });
});
