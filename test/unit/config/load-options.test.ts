import assert from 'node:assert/strict';
import { join } from 'node:path';
import { loadOptions, loadResolvedOptions, requireTarget } from '../../../src/config/load-options';
import { ConfigError } from '../../../src/errors';
import { testCwd } from './support/option-samples';
import { assertConfigError, fixturesDir, optionsFrom, parseArgv, resolveFrom } from './support/resolve-from';

/** Hand-written cases, so the table cannot agree with itself by accident. */
describe('config/load-options', () => {
  it('reads the first invocation of SPEC §1 from flags alone', () => {
    const options = optionsFrom({
      argv: ['--blue-green', '--target=app', '--side-target=db', '--service-path=/demo', '--flow=deploy', '--flow=proxy'],
    });
    assert.equal(options.blueGreen, true);
    assert.equal(options.target, 'app');
    assert.deepEqual(options.sideTargets, ['db']);
    assert.deepEqual(options.servicePaths, ['/demo']);
    assert.deepEqual(options.flows, ['deploy', 'proxy']);
    assert.equal(options.project, 'myshop');
    assert.deepEqual(options.composePaths, ['/work/projects/My.Shop/docker-compose.yml']);
    assert.equal(options.scale, undefined);
  });

  it('takes the rest of the arguments from docker-flow.yml in the current folder', () => {
    const cwd = join(fixturesDir, 'shop');
    const options = loadOptions({ flags: parseArgv(['--flow=deploy', '--flow=proxy', '--flow=stop-old']), env: {}, cwd });
    assert.deepEqual(options.flows, ['deploy', 'proxy', 'stop-old']);
    assert.equal(options.target, 'app');
    assert.deepEqual(options.sideTargets, ['db']);
    assert.equal(options.blueGreen, true);
    assert.deepEqual(options.servicePaths, ['/demo']);
    assert.deepEqual(options.composePaths, [join(cwd, 'docker-compose.yml'), join(cwd, 'compose/override.yml')]);
    assert.deepEqual(options.scale, { kind: 'relative', delta: 2 }, 'an unquoted +2 in YAML stays relative');
    assert.equal(options.healthTimeoutMs, 90_000);
    assert.equal(options.proxyHost, 'proxy.example.com:9000');
    assert.equal(options.project, 'shop');
  });

  it('reads an explicit config file and resolves its relative paths against its own folder', () => {
    const cwd = join(fixturesDir, 'shop');
    const { options, sources } = loadResolvedOptions({ flags: {}, env: { HOME: '/home/ops' }, cwd, configPath: 'conf/staging.yml' });
    assert.equal(options.target, 'web');
    assert.deepEqual(options.composePaths, [join(cwd, 'stack.yml')]);
    assert.equal(options.certPath, join(cwd, 'conf', 'certs'));
    assert.equal(options.stateDir, '/home/ops/flow-state');
    assert.equal(sources.target, 'conf/staging.yml: target');
  });

  it('is fine without docker-flow.yml, but an explicit config file must exist', () => {
    assert.equal(loadOptions({ flags: {}, env: {}, cwd: fixturesDir }).target, undefined);
    assert.deepEqual(optionsFrom({ yml: '# only a comment\n' }).flows, ['deploy']);
    assertConfigError(() => loadOptions({ flags: {}, env: {}, cwd: fixturesDir, configPath: 'missing.yml' }), {
      key: 'missing.yml',
      includes: ['does not exist', join(fixturesDir, 'missing.yml')],
    });
    assertConfigError(() => loadOptions({ flags: {}, env: {}, cwd: fixturesDir, configPath: 'shop' }), {
      key: 'shop',
      includes: ['is a folder'],
    });
  });

  it('lets --no-blue-green turn off blue_green: true from the file and FLOW_BLUE_GREEN=true', () => {
    assert.equal(optionsFrom({ yml: 'blue_green: true', argv: ['--no-blue-green'] }).blueGreen, false);
    assert.equal(optionsFrom({ env: { FLOW_BLUE_GREEN: 'true' }, argv: ['--no-blue-green'] }).blueGreen, false);
    assert.equal(optionsFrom({ yml: 'blue_green: true', env: { FLOW_BLUE_GREEN: 'false' } }).blueGreen, false);
    assert.equal(optionsFrom({ yml: 'blue_green: false', env: { FLOW_BLUE_GREEN: '1' } }).blueGreen, true);
    assert.equal(optionsFrom({ yml: 'blue_green: true', argv: ['--no-blue-green', '--blue-green'] }).blueGreen, true, 'the last flag wins');
    assert.equal(resolveFrom({ argv: ['--no-blue-green'] }).sources.blueGreen, '--no-blue-green');
  });

  it('reads environment booleans as true/false, 1/0 and yes/no in any case', () => {
    for (const [text, value] of [['true', true], ['FALSE', false], ['1', true], ['0', false], ['yes', true], ['No', false]] as const) {
      assert.equal(optionsFrom({ env: { FLOW_DRY_RUN: text } }).dryRun, value, text);
    }
  });

  it('replaces lists from a lower source instead of appending to them', () => {
    const yml = 'side_targets: [db, cache]\nflow: [deploy, proxy]';
    assert.deepEqual(optionsFrom({ yml }).sideTargets, ['db', 'cache']);
    assert.deepEqual(optionsFrom({ yml, env: { FLOW_SIDE_TARGETS: 'queue' } }).sideTargets, ['queue']);
    assert.deepEqual(optionsFrom({ yml, env: { FLOW_SIDE_TARGETS: 'queue' }, argv: ['-T', 'search'] }).sideTargets, ['search']);
    assert.deepEqual(optionsFrom({ yml, argv: ['--flow=stop-old'] }).flows, ['stop-old']);
  });

  it('takes lists as a repeated flag, comma-separated in the environment, a YAML list or a single string', () => {
    assert.deepEqual(optionsFrom({ argv: ['-f', 'a.yml', '-f', 'b.yml'] }).composePaths, [`${testCwd}/a.yml`, `${testCwd}/b.yml`]);
    assert.deepEqual(optionsFrom({ env: { FLOW_COMPOSE_PATH: 'a.yml, b.yml' } }).composePaths, [`${testCwd}/a.yml`, `${testCwd}/b.yml`]);
    assert.deepEqual(optionsFrom({ yml: 'compose_path:\n  - a.yml\n  - b.yml' }).composePaths, [`${testCwd}/a.yml`, `${testCwd}/b.yml`]);
    assert.deepEqual(optionsFrom({ yml: 'compose_path: a.yml' }).composePaths, [`${testCwd}/a.yml`]);
    assert.deepEqual(optionsFrom({ yml: 'flow: proxy' }).flows, ['proxy']);
    assert.deepEqual(optionsFrom({ yml: 'side_targets: []' }).sideTargets, []);
    assert.deepEqual(optionsFrom({ env: { FLOW: 'deploy,proxy,stop-old' } }).flows, ['deploy', 'proxy', 'stop-old']);
  });

  it('reads scale in all its forms, keeping + and - from an unquoted YAML number', () => {
    assert.deepEqual(optionsFrom({ yml: 'scale: 3' }).scale, { kind: 'absolute', count: 3 });
    assert.deepEqual(optionsFrom({ yml: 'scale: +2' }).scale, { kind: 'relative', delta: 2 });
    assert.deepEqual(optionsFrom({ yml: 'scale: -1' }).scale, { kind: 'relative', delta: -1 });
    assert.deepEqual(optionsFrom({ yml: 'scale: "+2"' }).scale, { kind: 'relative', delta: 2 });
    assert.deepEqual(optionsFrom({ argv: ['--scale', '-1'] }).scale, { kind: 'relative', delta: -1 });
    assert.deepEqual(optionsFrom({ argv: ['-s', '+2'] }).scale, { kind: 'relative', delta: 2 });
    assert.deepEqual(optionsFrom({ env: { FLOW_SCALE: '4' } }).scale, { kind: 'absolute', count: 4 });
  });

  it('reads durations as plain seconds or with a unit, in milliseconds', () => {
    assert.equal(optionsFrom({ argv: ['--health-timeout=30'] }).healthTimeoutMs, 30_000);
    assert.equal(optionsFrom({ argv: ['--health-timeout=30s'] }).healthTimeoutMs, 30_000);
    assert.equal(optionsFrom({ argv: ['--health-timeout=2m'] }).healthTimeoutMs, 120_000);
    assert.equal(optionsFrom({ argv: ['--drain=500ms'] }).drainMs, 500);
    assert.equal(optionsFrom({ yml: 'settle: 1.5' }).settleMs, 1_500);
    assert.equal(optionsFrom({ env: { FLOW_LOCK_WAIT: '1m30s' } }).lockWaitMs, 90_000);
  });

  it('reads Consul from FLOW_CONSUL_ADDRESS, else CONSUL_HTTP_ADDR, and its token likewise; several agents in order', () => {
    assert.deepEqual(optionsFrom({}).consulAddresses, [], 'no Consul: the embedded catalog');
    assert.deepEqual(optionsFrom({ env: { CONSUL_HTTP_ADDR: '127.0.0.1:8500' } }).consulAddresses, ['127.0.0.1:8500']);
    const both = resolveFrom({ env: { CONSUL_HTTP_ADDR: '127.0.0.1:8500', FLOW_CONSUL_ADDRESS: 'http://consul:8500' } });
    assert.deepEqual(both.options.consulAddresses, ['http://consul:8500']);
    assert.deepEqual(optionsFrom({ argv: ['-c', 'http://c1:8500', '--consul-address', 'http://c2:8500'] }).consulAddresses, ['http://c1:8500', 'http://c2:8500']);
    assert.equal(optionsFrom({ argv: ['--consul-retry=5s'] }).consulRetryMs, 5_000);
    assert.equal(optionsFrom({ yml: 'catalog_source: any' }).catalogSource, 'any');
    const token = resolveFrom({ env: { CONSUL_HTTP_TOKEN: 'secret-1' } });
    assert.equal(token.options.consulToken, 'secret-1');
    assert.equal(token.sources.consulToken, 'CONSUL_HTTP_TOKEN', 'adapters name where a refused token came from');
  });

  it('defaults the cert path to $DOCKER_CERT_PATH, below every source', () => {
    assert.equal(optionsFrom({ env: { DOCKER_CERT_PATH: '/certs/env' } }).certPath, '/certs/env');
    assert.equal(optionsFrom({ env: { DOCKER_CERT_PATH: '/certs/env' }, yml: 'cert_path: /certs/yml' }).certPath, '/certs/yml');
    assert.equal(optionsFrom({ env: { DOCKER_CERT_PATH: '' } }).certPath, undefined);
  });

  it('defaults the state folder to $XDG_STATE_HOME/docker-flow, else ~/.local/state/docker-flow', () => {
    assert.equal(optionsFrom({ env: { XDG_STATE_HOME: '/xdg/state' } }).stateDir, '/xdg/state/docker-flow');
    assert.equal(optionsFrom({ env: { XDG_STATE_HOME: 'relative/ignored' } }).stateDir, '/home/tester/.local/state/docker-flow');
    assert.equal(optionsFrom({}).stateDir, '/home/tester/.local/state/docker-flow');
  });

  it('derives the project from the folder name, normalised like Compose', () => {
    assert.equal(optionsFrom({ cwd: '/srv/My Shop.v2' }).project, 'myshopv2');
    assert.equal(optionsFrom({ cwd: '/srv/Shop_A-1', argv: ['-p', 'other'] }).project, 'other');
    assertConfigError(() => optionsFrom({ cwd: '/srv/---' }), { key: '--project (derived from the folder name "---")', includes: ['lower-case letters'] });
  });

  it('ignores empty environment variables, like an unset one', () => {
    assert.equal(optionsFrom({ env: { FLOW_TARGET: '', FLOW_SCALE: '' } }).target, undefined);
    assert.deepEqual(optionsFrom({ env: { FLOW_HOST: '', DOCKER_HOST: 'tcp://10.0.0.1:2375' } }).hosts.map((host) => host.name), ['10.0.0.1']);
  });

  it('ignores flags that are not options of the table (e.g. --version from main.ts)', () => {
    assert.equal(loadOptions({ flags: { version: true, target: 'app' }, env: {}, cwd: testCwd }).target, 'app');
  });

  it('requireTarget returns the target, or names every way to set it', () => {
    assert.equal(requireTarget(optionsFrom({ argv: ['-t', 'app'] })), 'app');
    const error = assertConfigError(() => requireTarget(optionsFrom({})), {
      key: '--target',
      includes: ['is required', '--target=app', 'yml: target', 'FLOW_TARGET'],
    });
    assert.ok(error instanceof ConfigError);
  });
});
