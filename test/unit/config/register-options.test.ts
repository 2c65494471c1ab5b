import assert from 'node:assert/strict';
import { Command } from 'commander';
import { optionTable } from '../../../src/config/option-table';
import { registerOptions } from '../../../src/config/register-options';
import { parseArgv } from './support/resolve-from';

function helpText(): string {
  const program = new Command('docker-flow');
  registerOptions(program);
  program.configureHelp({ helpWidth: 1000 });
  return program.helpInformation();
}

describe('config/register-options', () => {
  it('leaves options that were not given out of opts(), so the file and environment can fill them', () => {
    assert.deepEqual(parseArgv([]), {});
    assert.deepEqual(parseArgv(['--target=app']), { target: 'app' });
  });

  it('keeps values as the raw strings typed', () => {
    assert.deepEqual(parseArgv(['--scale=+2', '--proxy-port', '081', '--health-timeout=2m']), { scale: '+2', proxyPort: '081', healthTimeout: '2m' });
    assert.deepEqual(parseArgv(['-s', '-1']), { scale: '-1' });
  });

  it('collects repeated list flags into arrays, in order', () => {
    assert.deepEqual(parseArgv(['-F', 'deploy', '--flow=proxy', '-F', 'stop-old']), { flow: ['deploy', 'proxy', 'stop-old'] });
    assert.deepEqual(parseArgv(['-H', 'unix:///tmp/h1/docker.sock', '-H', 'tcp://10.77.0.12:2375']).host, ['unix:///tmp/h1/docker.sock', 'tcp://10.77.0.12:2375']);
    assert.deepEqual(parseArgv(['-f', 'a.yml']), { composePath: ['a.yml'] });
  });

  it('adds --no-<name> to every boolean, the last of the pair winning', () => {
    for (const row of optionTable.filter((candidate) => candidate.kind === 'boolean')) {
      const attribute = Object.keys(parseArgv([`--${row.long}`]))[0] ?? '';
      assert.deepEqual(parseArgv([`--no-${row.long}`]), { [attribute]: false }, row.long);
      assert.deepEqual(parseArgv([`--no-${row.long}`, `--${row.long}`]), { [attribute]: true }, row.long);
    }
    assert.deepEqual(parseArgv(['-b', '-S']), { blueGreen: true, pullSideTargets: true });
  });

  it('shows the short form, yml key, env var and default of each option in help', () => {
    const help = helpText();
    assert.match(help, /-s, --scale <n> +instances: N, \+N or -N \(yml: scale, env: FLOW_SCALE; default: keep current, 1 on first deploy\)/);
    assert.match(help, /-H, --host <endpoint> .*\(yml: host, env: FLOW_HOST or DOCKER_HOST; default: local engine unix:\/\/\/var\/run\/docker.sock\)/);
    assert.match(help, /-c, --consul-address <url> .*env: FLOW_CONSUL_ADDRESS or CONSUL_HTTP_ADDR; default: none: embedded catalog\)/);
    assert.match(help, /--no-blue-green +turn --blue-green off/);
    for (const row of optionTable) {
      const line = help.split('\n').find((candidate) => candidate.includes(`--${row.long} `) || candidate.trimEnd().endsWith(`--${row.long}`));
      assert.ok(line !== undefined, `no help line for --${row.long}`);
      assert.ok(line.includes(`yml: ${row.ymlKey}`) && line.includes(`env: ${row.env.join(' or ')}`), line);
      if (row.short !== undefined) assert.ok(line.includes(`-${row.short}, --${row.long}`), line);
      if (row.defaultText !== undefined) assert.ok(line.includes(`default: ${row.defaultText})`), line);
    }
  });

  it('lets commander reject a value-taking flag given without a value', () => {
    assert.throws(() => parseArgv(['--target']), (error: unknown) => error instanceof Error && /argument missing/.test(error.message));
  });
});
