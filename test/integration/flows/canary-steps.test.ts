import assert from 'node:assert/strict';
import { spawnCli } from '../faults/spawned-cli';
import { freePort } from '../support/free-port';
import { httpGet } from '../support/http-get';
import { step } from '../support/scenario';
import { waitFor } from '../support/wait-for';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { startWebhookReceiver, type WebhookReceiver } from '../safety/safety-kit';
import { demoCompose, flowFixture, running, type FlowFixture } from './flow-fixture';
import { startRequestLoop, versionOf, type RequestLoop } from './request-loop';

/**
 * Stepped canaries (issue 15) on the local engine and a local HAProxy, with short intervals. Test
 * images: docker-flow-demo:flaky answers 500 to about 20 % of the requests, :slow waits 200 ms.
 */
describe('stepped canary releases judged by the proxy', function () {
  let f: FlowFixture;
  let proxy: string[];
  let webhook: WebhookReceiver;
  /** The canary.* events the webhook got, as [event, step, verdict]. */
  const canaryEvents = (): (readonly unknown[])[] =>
    webhook.received.filter((e) => String(e.body['event']).startsWith('canary.')).map((e) => {
      const canary = e.body['canary'] as { step: number; verdict: string };
      return [e.body['event'], canary.step, canary.verdict];
    });
  const hookLog = async (): Promise<string[]> => (await readFile(join(f.dir, 'canary-hooks.log'), 'utf8')).trim().split('\n');
  const base = ['--blue-green', '--target=app', '--service-path=/demo'];
  const url = (): string => `http://127.0.0.1:${proxy[1]}/demo/`;
  const fast = ['--canary-interval=2s', '--canary-min-requests=20', '--canary-max-extensions=1', '--drain=2s'];
  const versions = async (n: number): Promise<readonly string[]> => {
    const seen = new Set<string>();
    for (let i = 0; i < n; i += 1) seen.add(versionOf((await httpGet(url())).body));
    return [...seen].sort();
  };
  /** Two bounded request loops through the proxy (the canary needs traffic to be judged). */
  const traffic = (): { stop: () => Promise<{ ok: number; failed: readonly string[]; bodies: ReadonlyMap<string, number> }> } => {
    const loops: RequestLoop[] = [0, 1].map(() => startRequestLoop(url(), { maxRequests: 3000, classify: versionOf }));
    return {
      async stop() {
        const results = await Promise.all(loops.map((l) => l.stop()));
        const bodies = new Map<string, number>();
        for (const r of results) for (const [k, v] of r.bodies) bodies.set(k, (bodies.get(k) ?? 0) + v);
        return { ok: results.reduce((n, r) => n + r.ok, 0), failed: results.flatMap((r) => r.failed), bodies };
      },
    };
  };
  const appContainers = async (): Promise<string[]> => running(await f.containers()).filter((n) => n.includes('_app-'));
  const lastRelease = async (): Promise<{ result: string; error?: string }> => {
    const r = await f.cli(['releases', '--json', ...base, ...proxy]);
    const list = JSON.parse(r.stdout) as { result: string; error?: string }[];
    return list[0] ?? { result: 'none' };
  };

  before(async () => {
    proxy = ['--proxy-port', String(await freePort()), '--proxy-reconf-port', String(await freePort())];
    webhook = await startWebhookReceiver();
    const yml = [
      'notify:',
      `  webhook: ${webhook.url('/canary')}`,
      'hooks:',
      '  canary_step: echo "step $DOCKER_FLOW_CANARY_STEP $DOCKER_FLOW_CANARY_VERDICT" >> canary-hooks.log',
      '  canary_promoted: echo "promoted $DOCKER_FLOW_CANARY_STEP" >> canary-hooks.log',
      '  canary_aborted: echo "aborted $DOCKER_FLOW_CANARY_VERDICT" >> canary-hooks.log',
    ].join('\n');
    f = await flowFixture(`cs${process.pid}`, demoCompose, yml);
    const r = await f.cli([...base, '--flow=deploy', '--flow=proxy', ...proxy], { VERSION: 'v1' });
    assert.equal(r.code, 0, r.stderr);
  });
  after(async () => {
    await f.cli(['proxy', 'stop', ...proxy]);
    await f.cleanup();
    await webhook.close();
  });

  it('scenario: failing, slow, quiet and interrupted canaries go back to the old colour; a healthy one is promoted step by step, then stop-old', async function () {
    this.timeout(420_000);
    await step('a v2 failing 20 % of requests is aborted at the first step: exit 1, the figures printed, blue v1 serves, green stopped, release aborted', async () => {
      const load = traffic();
      const r = await f.cli([...base, '--flow=deploy', '--flow=proxy', '--canary-steps=20,60,100', ...fast, ...proxy], { VERSION: 'flaky' });
      const seen = await load.stop();
      assert.equal(r.code, 1, r.stderr);
      assert.match(r.stderr, /canary step 1 of 3 \(green 20 %, watched [\d.]+ s\): failed/);
      assert.match(r.stderr, /blue\s+80 %\s+\d+\s+0 \(0\.00 %\)/);
      assert.match(r.stderr, /green\s+20 %\s+\d+\s+\d+ \([\d.]+ %\)/);
      assert.match(r.stderr, /error rate ≤ 1%: [\d.]+ % \(allowed 1\.00 %\) FAILED/);
      assert.match(r.stderr, /error: canary step 1 of 3 of \S+ \(green 20 %\) failed: error rate ≤ 1%/);
      assert.doesNotMatch(r.stderr, /canary step 2 of 3/);
      assert.ok(seen.failed.length > 0 && seen.failed.every((x) => x === 'HTTP 500'), `only the canary's own 500s fail: ${JSON.stringify(seen.failed.slice(0, 5))}`);
      assert.ok((seen.bodies.get('flaky') ?? 0) > 0, 'the canary had traffic');
      assert.deepEqual(await versions(30), ['v1']);
      assert.deepEqual(await appContainers(), [`${f.project}_app-blue_1`]);
      const release = await lastRelease();
      assert.equal(release.result, 'aborted');
      assert.match(release.error ?? '', /error rate/);
      const status = await f.cli(['status', ...proxy]);
      assert.match(status.stdout, /live: blue\s+proxy: blue /);
      assert.doesNotMatch(status.stdout, /canary/);
      assert.deepEqual(canaryEvents(), [['canary.aborted', 1, 'failed']]);
      const aborted = webhook.received.find((e) => e.body['event'] === 'canary.aborted')?.body['canary'] as { new: { color: string; errors: number }; checks: { ok: boolean }[] };
      assert.equal(aborted.new.color, 'green');
      assert.ok(aborted.new.errors > 0 && aborted.checks.some((c) => !c.ok), JSON.stringify(aborted));
      assert.deepEqual(await hookLog(), ['aborted failed']);
    });

    await step('a v2 many times slower is aborted on response time (2x the old colour by default)', async () => {
      const load = traffic();
      const r = await f.cli([...base, '--flow=deploy', '--flow=proxy', '--canary-steps=30,100', ...fast, ...proxy], { VERSION: 'slow' });
      const seen = await load.stop();
      assert.equal(r.code, 1, r.stderr);
      assert.match(r.stderr, /response time \(p99\) ≤ 2x: [\d.]+ ms \(allowed [\d.]+ ms\) FAILED/);
      assert.match(r.stderr, /error rate ≤ 1%: 0\.00 % \(allowed 1\.00 %\) ok/);
      assert.deepEqual(seen.failed, [], 'no request failed');
      assert.deepEqual(await versions(20), ['v1']);
      assert.deepEqual(await appContainers(), [`${f.project}_app-blue_1`]);
    });

    await step('too little traffic extends the step once, then fails with the message', async () => {
      const r = await f.cli([...base, '--flow=deploy', '--flow=proxy', '--canary-steps=50,100', '--canary-interval=1s', '--canary-min-requests=20', '--canary-max-extensions=1', '--drain=2s', ...proxy], { VERSION: 'v2' });
      assert.equal(r.code, 1, r.stderr);
      assert.match(r.stderr, /answered 0 requests of the 20 a step needs \(--canary-min-requests\): extending the step by 1 s \(1 of 1\)/);
      assert.match(r.stderr, /error: canary step 1 of 2 of \S+ \(green 50 %\) had too little traffic to be judged: green answered 0 requests in [\d.]+ s \(1 extension\), at least 20 are needed/);
      assert.deepEqual(await versions(10), ['v1']);
    });

    await step('Ctrl-C mid-step: status showed the step; all traffic returns to blue and the command exits 130', async () => {
      const cli = spawnCli(['-p', f.project, ...base, '--flow=deploy', '--flow=proxy', '--canary-steps=25,50,100', '--canary-interval=60s', '--drain=2s', ...proxy], {
        cwd: f.dir, env: { FLOW_STATE_DIR: f.stateDir, FLOW_SETTLE: '1', FLOW_KEEP_IMAGES: '0', VERSION: 'v2' },
      });
      await cli.waitForLine(/canary step 1 of 3: green 25 %/, 120_000);
      await waitFor(async () => /canary 25 % \(step 1 of 3\) since /.test((await f.cli(['status', ...proxy])).stdout), { timeoutMs: 30_000, what: 'status showing the canary step' });
      await waitFor(async () => (await versions(20)).includes('v2'), { timeoutMs: 30_000, what: 'v2 getting part of the traffic' });
      cli.signal('SIGINT');
      const r = await cli.exited;
      assert.equal(r.code, 130, r.stderr);
      assert.match(r.stderr, /canary of \S+ aborted \(interrupted\): all traffic goes back to blue/);
      assert.deepEqual(await versions(30), ['v1']);
      assert.deepEqual(await appContainers(), [`${f.project}_app-blue_1`]);
      assert.doesNotMatch((await f.cli(['status', ...proxy])).stdout, /canary/);
    });

    await step('docker-flow rollback from another terminal stops a running canary: the walker exits 1, blue serves', async () => {
      const cli = spawnCli(['-p', f.project, ...base, '--flow=deploy', '--flow=proxy', '--canary-steps=25,100', '--canary-interval=60s', '--drain=2s', ...proxy], {
        cwd: f.dir, env: { FLOW_STATE_DIR: f.stateDir, FLOW_SETTLE: '1', FLOW_KEEP_IMAGES: '0', VERSION: 'v2' },
      });
      await cli.waitForLine(/canary step 1 of 2: green 25 %/, 120_000);
      await waitFor(async () => /canary 25 %/.test((await f.cli(['status', ...proxy])).stdout), { timeoutMs: 30_000, what: 'status showing the canary step' });
      const rollback = await f.cli([...base, 'rollback', '--drain=2s', ...proxy]);
      assert.equal(rollback.code, 0, rollback.stderr);
      assert.match(rollback.stdout, /the canary of release \d+ is stopped; blue serves all traffic/);
      const r = await cli.exited;
      assert.equal(r.code, 1, r.stderr);
      assert.match(r.stderr, /docker-flow rollback by \S+ at \S+ asked to stop the canary/);
      assert.deepEqual(await versions(20), ['v1']);
      assert.deepEqual(await appContainers(), [`${f.project}_app-blue_1`]);
    });

    await step('a killed walker leaves its canary: proxy watch puts all traffic back on blue, the next run stops green and records the release aborted', async () => {
      const cli = spawnCli(['-p', f.project, ...base, '--flow=deploy', '--flow=proxy', '--canary-steps=25,100', '--canary-interval=60s', ...proxy], {
        cwd: f.dir, env: { FLOW_STATE_DIR: f.stateDir, FLOW_SETTLE: '1', FLOW_KEEP_IMAGES: '0', VERSION: 'v2' },
      });
      await cli.waitForLine(/canary step 1 of 2: green 25 %/, 120_000);
      await waitFor(async () => (await versions(20)).includes('v2'), { timeoutMs: 30_000, what: 'v2 getting part of the traffic' });
      cli.signal('SIGKILL');
      await cli.exited;
      assert.match((await f.cli(['status', ...proxy])).stdout, /canary 25 % \(step 1 of 2\)/);
      const watch = spawnCli(['-p', f.project, 'proxy', 'watch', ...proxy], { cwd: f.dir, env: { FLOW_STATE_DIR: f.stateDir } });
      await watch.waitForLine(/proxy watch: the canary of \S+ \(green at 25 %, release \d+\) was left by a docker-flow that stopped .* all traffic is back on blue/, 60_000);
      assert.deepEqual(await versions(20), ['v1'], 'proxy watch put every request back on blue');
      assert.match((await f.cli(['status', ...proxy])).stdout, /canary stopped at 25 % \(step 1 of 2\): its docker-flow stopped, proxy watch put all traffic back on the old colour/);
      watch.signal('SIGTERM');
      await watch.exited;
      const r = await f.cli([...base, '--flow=proxy', '--drain=2s', ...proxy]);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stderr, /was left when its docker-flow stopped; proxy watch put all traffic back on blue at \S+ and green stops/);
      assert.deepEqual(await versions(20), ['v1']);
      assert.deepEqual(await appContainers(), [`${f.project}_app-blue_1`]);
      assert.equal((await lastRelease()).result, 'aborted');
    });

    await step('a healthy v2 is promoted through every step, then stop-old (same invocation) stops blue; no request fails', async () => {
      const load = traffic();
      const r = await f.cli([...base, '--flow=deploy', '--flow=proxy', '--flow=stop-old', '--canary-steps=10,50,100', '--canary-interval=1s', '--canary-min-requests=5', '--canary-max-extensions=3', '--drain=2s', ...proxy], { VERSION: 'v2' });
      const seen = await load.stop();
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stderr, /canary step 1 of 3 \(green 10 %, watched [\d.]+ s\): passed/);
      assert.match(r.stderr, /canary step 2 of 3 \(green 50 %, watched [\d.]+ s\): passed/);
      assert.match(r.stderr, /canary of \S+ promoted: green serves 100 %/);
      assert.ok(r.stderr.indexOf('promoted: green serves 100 %') < r.stderr.lastIndexOf('stop blue'), 'stop-old runs after the promotion');
      assert.deepEqual(seen.failed, [], 'no request failed');
      assert.ok((seen.bodies.get('v1') ?? 0) > 0 && (seen.bodies.get('v2') ?? 0) > 0, JSON.stringify([...seen.bodies]));
      assert.deepEqual(await versions(20), ['v2']);
      assert.deepEqual(await appContainers(), [`${f.project}_app-green_1`]);
      assert.equal((await lastRelease()).result, 'succeeded');
      assert.deepEqual(canaryEvents().slice(-3), [['canary.step', 1, 'passed'], ['canary.step', 2, 'passed'], ['canary.promoted', 3, 'promoted']]);
      assert.deepEqual((await hookLog()).slice(-3), ['step 1 passed', 'step 2 passed', 'promoted 3']);
    });
  });
});
