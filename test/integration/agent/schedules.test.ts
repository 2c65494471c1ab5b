import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { flowFixture, running, type FlowFixture } from '../flows/flow-fixture';
import { uniqueName } from '../support/unique-name';
import { waitFor } from '../support/wait-for';
import { agentCompose, startAgent } from './agent-fixture';

/** A 6-field cron expression (seconds first) firing once a day at `ms` (UTC), and the exact fire time. */
function atSecond(ms: number): string {
  const d = new Date(ms);
  return `${d.getUTCSeconds()} ${d.getUTCMinutes()} ${d.getUTCHours()} * * *`;
}

const appsRunning = async (f: FlowFixture): Promise<number> => running(await f.containers()).filter((name) => name.includes('_app-')).length;

describe('docker-flow agent: cron schedules (node-cron, seconds-level)', function () {
  describe('scale up, then down, on schedule', function () {
    let f: FlowFixture;
    before(async () => {
      f = await flowFixture(uniqueName('ags'), agentCompose);
    });
    after(async () => {
      await f.cli(['proxy', 'stop', '--proxy-port', '18410', '--proxy-reconf-port', '18411']);
      await f.cleanup();
    });

    it('refuses to start with nothing to do', async () => {
      const own = await flowFixture(uniqueName('agn'), agentCompose); // no docker-flow.yml: the other test writes one into its own project
      try {
        const r = await own.cli(['--target=app', 'agent']);
        assert.equal(r.code, 2);
        assert.match(r.stderr, /docker-flow agent: has nothing to do/);
        assert.match(r.stderr, /next: add schedules:/);
      } finally {
        await own.cleanup();
      }
    });

    it('a +1 schedule and a -1 schedule each run at their second, then SIGTERM ends the agent with status 0', async () => {
      let r = await f.cli(['--target=app', '--blue-green', '--service-path=/demo', '--proxy-port', '18410', '--proxy-reconf-port', '18411', '--flow=deploy', '--flow=proxy']);
      assert.equal(r.code, 0, r.stderr);
      const upAt = Date.now() + 15_000; // room for the agent to start on a busy machine
      const downAt = upAt + 20_000;
      await writeFile(join(f.dir, 'docker-flow.yml'), [
        'target: app', 'blue_green: true', 'proxy_port: 18410', 'proxy_reconf_port: 18411', 'drain: 1s',
        'schedules:',
        '  - name: up', `    cron: "${atSecond(upAt)}"`, '    timezone: UTC', '    flows: [scale, proxy]', '    scale: "+1"',
        '  - name: down', `    cron: "${atSecond(downAt)}"`, '    timezone: UTC', '    flows: [scale, proxy]', '    scale: "-1"',
      ].join('\n'));
      const agent = startAgent(f, []);
      try {
        await waitFor(async () => (await appsRunning(f)) === 2, { timeoutMs: upAt - Date.now() + 40_000, what: 'the up schedule to start a second instance' });
        assert.ok(Date.now() >= Math.floor(upAt / 1000) * 1000, 'not before its second'); // cron fires at the whole second
        await waitFor(async () => (await appsRunning(f)) === 1, { timeoutMs: downAt - Date.now() + 40_000, what: 'the down schedule to stop it again' });
        assert.ok(Date.now() >= Math.floor(downAt / 1000) * 1000, 'not before its second');
        await waitFor(() => Promise.resolve(/schedule down: succeeded/.test(agent.log())), { timeoutMs: 20_000, what: 'the down run to be logged' });
      } finally {
        const end = await agent.stop(60_000);
        assert.equal(end.code, 0, end.log);
        assert.match(end.log, /schedule up: succeeded in/);
        assert.match(end.log, /agent: stopped/);
      }
      r = await f.cli(['status']);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /schedule down .* UTC {2}next: - \(agent stopped\) {2}last: succeeded at .* \(cron\): scale -1 \+ proxy succeeded/);
      assert.match(r.stdout, /schedule up .* last: succeeded at .* \(cron\): scale \+1 \+ proxy succeeded/);
    });
  });

  describe('no overlapping runs of one schedule', function () {
    let f: FlowFixture;
    before(async () => {
      const slowCompose = agentCompose.replace('docker-flow-demo:v1', 'docker-flow-demo:nohealth');
      f = await flowFixture(uniqueName('ago'), slowCompose, [
        'target: app', 'blue_green: true',
        'schedules:',
        '  - name: slow', '    cron: "* * * * * *"', '    flows: [deploy]', '    settle: 4s',
      ].join('\n'));
    });
    after(async () => f.cleanup());

    it('a deploy taking longer than the cron period skips the ticks while it runs; SIGTERM lets the running one finish', async () => {
      const agent = startAgent(f, []);
      await waitFor(() => Promise.resolve((agent.log().match(/schedule slow: succeeded/g) ?? []).length >= 1 && /schedule slow: skipped/.test(agent.log())), {
        timeoutMs: 60_000, what: 'a first deploy to finish and a tick to be skipped',
      });
      await waitFor(() => Promise.resolve(/schedule slow: deploy starting/.test(agent.log().split(/schedule slow: succeeded/).pop() ?? '')), { timeoutMs: 10_000, what: 'a second deploy to start' });
      const end = await agent.stop(90_000);
      assert.equal(end.code, 0, end.log);
      assert.doesNotMatch(end.log, /conflict|deploy lock/, 'never two deploys at once');
      assert.match(end.log, /schedule slow: skipped: the run started at \S+ is still going \(\d+\.\ds\)/);
      assert.match(end.log, /agent: stopping: no new runs; 1 running get 30\.0s to finish/);
      const r = await f.cli(['releases', '--json']);
      assert.equal(r.code, 0, r.stderr);
      const releases: unknown = JSON.parse(r.stdout);
      assert.ok(Array.isArray(releases) && releases.length >= 2);
      const spans = releases.map((rel: { result: string; startedAt: string; finishedAt?: string }) => ({ result: rel.result, start: Date.parse(rel.startedAt), end: Date.parse(rel.finishedAt ?? '') })).reverse();
      assert.deepEqual([...new Set(spans.map((s) => s.result))], ['succeeded'], 'the run going at SIGTERM finished too');
      for (let i = 1; i < spans.length; i += 1) assert.ok((spans[i]?.start ?? 0) >= (spans[i - 1]?.end ?? Infinity), `release ${i + 1} started after release ${i} ended`);
    });
  });
});
