import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { startRequestLoop, versionOf } from '../flows/request-loop';
import { freePort } from '../support/free-port';
import { httpGet } from '../support/http-get';
import { assertRoutedColourServes, runningColours, serviceStatus, faultSuite, demoAppCompose } from './fault-kit';
import { step } from '../support/scenario';

describe('faults: HAProxy refuses or fails the new configuration during a release', function () {
  this.timeout(300_000);
  let busy: Server | undefined;
  after(async () => {
    await new Promise<void>((resolve) => (busy === undefined ? resolve() : busy.close(() => resolve())));
  });
  const s = faultSuite({ prefix: 'fp', compose: demoAppCompose, path: '/rl', first: { VERSION: 'v1' } });
  const { cli, service, url, release } = s;
  const served = async (): Promise<string> => (await httpGet(`http://127.0.0.1:${s.proxyArgs[3] ?? ''}/docker-flow/config`)).body;
  const config = (): Promise<string> => readFile(join(s.f.stateDir, 'proxy', 'haproxy.cfg'), 'utf8');

  /** Runs a release with custom templates that break the proxy: the proxy and the route must be as before. */
  const breakingRelease = async (templateArgs: readonly string[]): Promise<{ code: number; stderr: string }> => {
    const [versionBefore, configBefore, statusBefore] = [await served(), await config(), await serviceStatus(cli, service())];
    const loop = startRequestLoop(url(), { maxRequests: 20_000, classify: versionOf });
    const r = await cli([...release, ...templateArgs], { VERSION: 'v2' });
    const seen = await loop.stop();
    assert.match(r.stderr, /✓ wait until \S+_app-green_1 on local is healthy/, `the new colour was deployed before the proxy step: ${r.stderr}`);
    assert.deepEqual(seen.failed, [], 'no request failed');
    assert.deepEqual([...seen.bodies.keys()], ['v1'], 'the old release answered every request');
    assert.equal(await served(), versionBefore, 'the proxy serves the configuration it served before');
    assert.equal(await config(), configBefore, 'the configuration file is the last good one');
    const after = await serviceStatus(cli, service());
    assert.deepEqual([after.routedColor, after.paths], [statusBefore.routedColor, statusBefore.paths], 'the route record is unchanged');
    assert.equal((await assertRoutedColourServes(cli, service(), url())).version, 'v1');
    assert.deepEqual(runningColours(after), ['blue', 'green'], `stop-old did not run: the old colour still serves, the new one waits\n${r.stderr}`);
    return r;
  };

  it('scenario: a configuration haproxy -c refuses, then one it cannot load, both leave the old release serving; the same release without the broken templates then switches', async function () {
    this.timeout(400_000);
    await step('a configuration haproxy -c refuses (unknown keyword in the backend template): exit 5 with HAProxy\'s message', async () => {
      const be = join(s.f.dir, 'be-broken.tmpl');
      await writeFile(be, 'backend SERVICE_NAME-be\n    balance roundrobin\n    no-such-keyword-here\n{{#each servers}}\n    server {{name}} {{address}}:{{port}} check\n{{/each}}\n');
      const r = await breakingRelease(['--consul-template-be-path', be]);
      assert.equal(r.code, 5, r.stderr);
      assert.match(r.stderr, /error: .*no-such-keyword-here/);
      assert.match(r.stderr, /next: /);
    });

    await step('a configuration that passes haproxy -c but cannot be loaded (a bind on a busy port) is refused before the reload: exit 5', async () => {
      const port = await freePort();
      const server = createServer();
      busy = server;
      await new Promise<void>((resolve, reject) => server.once('error', reject).listen(port, '127.0.0.1', () => resolve()));
      const fe = join(s.f.dir, 'fe-busy.tmpl');
      const be = join(s.f.dir, 'be-good.tmpl');
      await writeFile(fe, [`    bind 127.0.0.1:${port}`, '    acl url_{{coloredName}} path_beg {{#each paths}}{{this}} {{/each}}', '    use_backend {{coloredName}}-be if url_{{coloredName}}', ''].join('\n'));
      await writeFile(be, ['backend SERVICE_NAME-be', '    balance roundrobin', '{{#each servers}}', '    server {{name}} {{address}}:{{port}} check inter 1s', '{{/each}}', ''].join('\n'));
      const r = await breakingRelease(['--consul-template-fe-path', fe, '--consul-template-be-path', be]);
      assert.equal(r.code, 5, r.stderr);
      assert.match(r.stderr, new RegExp(`error: [^\\n]*the local HAProxy cannot listen on 127\\.0\\.0\\.1:${port}: the port is already in use`));
      assert.match(r.stderr, /next: stop what listens on port \d+ .*--consul-template-fe-path/);
    });

    await step('the same release without the broken templates then switches to the new colour', async () => {
      const r = await cli(['--blue-green', '--target=app', '--flow=proxy', '--flow=stop-old'], { VERSION: 'v2' });
      assert.equal(r.code, 0, r.stderr);
      const now = await assertRoutedColourServes(cli, service(), url());
      assert.deepEqual([now.color, now.version], ['green', 'v2']);
      assert.deepEqual(runningColours(await serviceStatus(cli, service())), ['green']);
    });
  });
});
