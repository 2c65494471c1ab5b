import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { freePort } from '../support/free-port';
import { httpGet } from '../support/http-get';
import { flowFixture, type FlowFixture } from './flow-fixture';
import { startRequestLoop, versionOf } from './request-loop';
import { step } from '../support/scenario';
import { sendSocketCommands } from '../../../src/adapters/haproxy/unix-socket-command';
import { statRows } from '../../../src/adapters/haproxy/server-stats';

describe('the proxy follows releases and scaling (local HAProxy)', function () {
  let f: FlowFixture;
  let other: FlowFixture;
  let port: number;
  let statusPort: number;
  const proxyArgs = (): string[] => ['--proxy-port', String(port), '--proxy-reconf-port', String(statusPort)];
  const get = async (path: string): Promise<string> => (await httpGet(`http://127.0.0.1:${port}${path}`)).body;
  /** HAProxy's own counters (its stats socket): the server slot that is UP (its limit, most sessions at once), and the most requests that waited in the backend's queue. */
  const routedSlot = async (): Promise<{ readonly slim: string; readonly smax: number; readonly queuedMax: number }> => {
    const admin = join(f.stateDir, 'proxy', 'admin.sock');
    const output = await sendSocketCommands(admin, [`show stat ${f.project}-app 6 -1`], AbortSignal.timeout(10_000));
    const rows = statRows(output);
    const up = rows.find((row) => row('status').startsWith('UP') && row('svname') !== 'BACKEND');
    const backend = rows.find((row) => row('svname') === 'BACKEND');
    assert.ok(up !== undefined && backend !== undefined, `HAProxy's stats have a server that is UP and the backend's row: ${output}`);
    return { slim: up('slim'), smax: Number(up('smax')), queuedMax: Number(backend('qmax')) };
  };

  before(async () => {
    port = await freePort();
    statusPort = await freePort();
    f = await flowFixture(`px${process.pid}`);
    other = await flowFixture(`py${process.pid}`);
  });
  after(async () => {
    await f.cli(['proxy', 'stop', ...proxyArgs()]);
    await f.cleanup();
    await other.cleanup();
  });

  it('scenario: v1 routed, v2 switched with no failed request, a second project kept, scaling, custom templates kept and dropped, a bad template refused, a staged release; proxy status shows the routes', async function () {
    this.timeout(400_000);
    await step('deploy + proxy routes /demo to v1', async () => {
      const r = await f.cli(['--blue-green', '--target=app', '--service-path=/demo', '--flow=deploy', '--flow=proxy', ...proxyArgs()], { VERSION: 'v1' });
      assert.equal(r.code, 0, r.stderr);
      assert.equal(versionOf(await get('/demo/')), 'v1');
      assert.equal(versionOf(await get('/demo')), 'v1');
      assert.equal((await httpGet(`http://127.0.0.1:${port}/demox`)).status, 503, 'a path that only starts with the same letters is not routed');
    });

    await step('deploy v2 + proxy + stop-old switches to v2 with no failed request, and stops blue', async () => {
      const loop = startRequestLoop(`http://127.0.0.1:${port}/demo/`, { maxRequests: 5000, classify: versionOf });
      const r = await f.cli(['--blue-green', '--target=app', '--flow=deploy', '--flow=proxy', '--flow=stop-old', ...proxyArgs()], { VERSION: 'v2' });
      const seen = await loop.stop();
      assert.equal(r.code, 0, r.stderr);
      assert.deepEqual(seen.failed, [], 'no request failed during the release');
      assert.ok(seen.ok > 0);
      assert.equal(versionOf(await get('/demo/')), 'v2');
      const blue = (await f.containers()).find((c) => c.name.endsWith('app-blue_1'));
      assert.equal(blue?.state, 'exited');
    });

    await step('a second project behind the same proxy keeps its own route when the first is redeployed', async () => {
      let r = await other.cli(['--blue-green', '--target=app', '--service-path=/other', '--flow=deploy', '--flow=proxy', ...proxyArgs(), '--state-dir', f.stateDir], { VERSION: 'v1' });
      assert.equal(r.code, 0, r.stderr);
      r = await f.cli(['--blue-green', '--target=app', '--flow=deploy', '--flow=proxy', '--flow=stop-old', ...proxyArgs()], { VERSION: 'v1' });
      assert.equal(r.code, 0, r.stderr);
      assert.equal(versionOf(await get('/other/')), 'v1');
      assert.equal(versionOf(await get('/demo/')), 'v1');
    });

    await step('scale +2 with proxy spreads requests over 3 instances; -2 goes back to 1 with no failed request', async () => {
      let r = await f.cli(['--blue-green', '--target=app', '--scale=+2', '--flow=scale', '--flow=proxy', ...proxyArgs()]);
      assert.equal(r.code, 0, r.stderr);
      const instances = new Set<string>();
      for (let i = 0; i < 30; i += 1) instances.add(/instance: (\S+)/.exec(await get('/demo/'))?.[1] ?? '');
      assert.equal(instances.size, 3, `requests reach 3 instances, saw ${[...instances].join(', ')}`);
      const loop = startRequestLoop(`http://127.0.0.1:${port}/demo/`, { maxRequests: 5000, classify: versionOf });
      r = await f.cli(['--blue-green', '--target=app', '--scale=-2', '--flow=scale', '--flow=proxy', ...proxyArgs()]);
      const seen = await loop.stop();
      assert.equal(r.code, 0, r.stderr);
      assert.deepEqual(seen.failed, []);
    });

    await step('--proxy-server-maxconn=2: at most 2 requests at once reach the instance, the others wait in the proxy and are served; remembered until 0 removes it', async () => {
      let r = await f.cli(['--blue-green', '--target=app', '--flow=proxy', '--proxy-server-maxconn=2', ...proxyArgs()]);
      assert.equal(r.code, 0, r.stderr);
      await sendSocketCommands(join(f.stateDir, 'proxy', 'admin.sock'), ['clear counters'], AbortSignal.timeout(10_000));
      const answers = await Promise.all(Array.from({ length: 6 }, async () => httpGet(`http://127.0.0.1:${port}/demo/?delayMs=300`)));
      assert.deepEqual(answers.map((a) => a.status), [200, 200, 200, 200, 200, 200], 'every request is served');
      let slot = await routedSlot();
      assert.equal(slot.slim, '2', 'HAProxy limits the instance to 2 requests at once');
      assert.equal(slot.smax, 2, 'at most 2 requests at once reached it');
      assert.ok(slot.queuedMax >= 1, `the others waited in the proxy's queue (most queued: ${slot.queuedMax})`);
      r = await f.cli(['--blue-green', '--target=app', '--flow=proxy', ...proxyArgs()]);
      assert.equal(r.code, 0, r.stderr);
      assert.equal((await routedSlot()).slim, '2', 'the limit is remembered with the route');
      r = await f.cli(['--blue-green', '--target=app', '--flow=proxy', '--proxy-server-maxconn=0', ...proxyArgs()]);
      assert.equal(r.code, 0, r.stderr);
      slot = await routedSlot();
      assert.equal(slot.slim, '', 'no limit any more');
      assert.equal(versionOf(await get('/demo/')), 'v1');
    });

    await step('a custom frontend template replaces the generated rules (the switch says so) until --no-consul-template-fe-path drops it', async () => {
      const fe = join(f.dir, 'fe-custom.tmpl');
      await writeFile(fe, '    acl custom_path path_beg /custom\n    use_backend {{serviceName}} if custom_path\n');
      let r = await f.cli(['--blue-green', '--target=app', '--flow=proxy', '--consul-template-fe-path', fe, ...proxyArgs()]);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stderr, /route \/demo of \S+ to app-\w+ \(a custom frontend template replaces the generated rules for \/demo\)/);
      assert.equal(versionOf(await get('/custom/')), 'v1');
      assert.equal((await httpGet(`http://127.0.0.1:${port}/demo/`)).status, 503, 'the custom frontend does not route /demo');
      r = await f.cli(['--blue-green', '--target=app', '--flow=proxy', ...proxyArgs()]);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stderr, /custom frontend template replaces/, 'the template is remembered with the route');
      r = await f.cli(['--blue-green', '--target=app', '--flow=proxy', '--no-consul-template-fe-path', ...proxyArgs()]);
      assert.equal(r.code, 0, r.stderr);
      assert.doesNotMatch(r.stderr, /custom/);
      assert.equal(versionOf(await get('/demo/')), 'v1');
      assert.equal((await httpGet(`http://127.0.0.1:${port}/custom/`)).status, 503);
    });

    await step('an invalid custom template is refused with HAProxy\'s error and the line; the old release still answers', async () => {
      const be = join(f.dir, 'be.tmpl');
      await writeFile(be, 'backend SERVICE_NAME-be\n    server broken {{#each servers}}{{address}}{{/each}} check nonsense-keyword\n');
      const r = await f.cli(['--blue-green', '--target=app', '--flow=proxy', '--consul-template-be-path', be, ...proxyArgs()]);
      assert.notEqual(r.code, 0);
      assert.match(r.stderr, /nonsense-keyword|unknown keyword/);
      assert.equal(versionOf(await get('/demo/')), 'v1');
    });

    await step('the staged flow: deploy alone leaves the proxy on the old colour, then proxy + stop-old switches', async () => {
      let r = await f.cli(['--blue-green', '--target=app', '--flow=deploy', ...proxyArgs()], { VERSION: 'v2' });
      assert.equal(r.code, 0, r.stderr);
      assert.equal(versionOf(await get('/demo/')), 'v1', 'proxy untouched by a deploy alone');
      r = await f.cli(['--blue-green', '--target=app', '--flow=stop-old', ...proxyArgs()]);
      assert.equal(r.code, 3, 'stop-old refuses while the proxy routes the old colour');
      assert.match(r.stderr, /--flow=proxy --flow=stop-old/);
      r = await f.cli(['--blue-green', '--target=app', '--flow=proxy', '--flow=stop-old', ...proxyArgs()]);
      assert.equal(r.code, 0, r.stderr);
      assert.equal(versionOf(await get('/demo/')), 'v2');
    });

    await step('proxy status shows what the proxy routes to', async () => {
      const r = await f.cli(['proxy', 'status', ...proxyArgs()]);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /running/);
      assert.match(r.stdout, new RegExp(`/demo → ${f.project}-app \\(\\w+\\): ${f.project}_app-\\w+_1 127\\.0\\.0\\.1:\\d+`));
    });
  });
});

describe('the proxy flow without a service path', function () {
  let f: FlowFixture;
  before(async () => {
    f = await flowFixture(`pz${process.pid}`);
  });
  after(async () => f.cleanup());

  it('is a clear error before anything is touched', async () => {
    const r = await f.cli(['--blue-green', '--target=app', '--flow=deploy', '--flow=proxy']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /--service-path/);
    assert.deepEqual(await f.containers(), [], 'nothing was started');
  });
});
