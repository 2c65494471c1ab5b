import assert from 'node:assert/strict';
import { InterruptedError } from '../../../src/errors';
import { AgentStore, agentKeys } from '../../../src/store/agent-store';
import { ServiceStore } from '../../../src/store/service-store';
import { runAgent, runAgentOnce, type AgentDeps } from '../../../src/watch/agent';
import type { CronCalendar, CronDriver } from '../../../src/watch/cron-calendar';
import { optionsFrom } from '../config/support/resolve-from';
import { FakeFlows, MemoryKvStore, fakeTags, recordingLogger } from './agent-support';
import { ManualTimers, settle } from './manual-timers';

/** A cron driver the test ticks by hand. */
class ManualCron implements CronDriver {
  readonly ticks = new Map<string, () => void>();
  stopped = 0;
  start(cron: string, _timezone: string | undefined, onFire: () => void) {
    this.ticks.set(cron, onFire);
    return { nextRun: () => 60_000, stop: () => void (this.stopped += 1) };
  }
  tick(cron: string): void {
    const fire = this.ticks.get(cron);
    if (fire === undefined) throw new Error(`no schedule ${cron}`);
    fire();
  }
}

const calendar: CronCalendar = { previousFire: (_c, _z, at) => at - 500, nextFire: () => 120_000 };
const yml = 'project: shop\ntarget: app\nschedules:\n  - name: up\n    cron: "*/2 * * * * *"\n    flows: [scale]\n    scale: "+1"';

function setup(extraYml = '', withTags?: string[]) {
  const kv = new MemoryKvStore();
  const stop = new AbortController();
  const timers = new ManualTimers();
  const cron = new ManualCron();
  const flows = new FakeFlows();
  const logger = recordingLogger();
  const options = optionsFrom({ yml: `${yml}${extraYml}` });
  const deps: AgentDeps = {
    options, runFlows: flows.run, services: new ServiceStore(kv), agentStore: new AgentStore(kv),
    ...(withTags === undefined ? {} : { source: fakeTags('127.0.0.1:5000/app', withTags) }),
    cron, calendar, timers, logger, by: 'ops@box pid 1', stopGraceMs: 30_000, signal: stop.signal,
  };
  return { kv, stop, timers, cron, flows, lines: logger.lines, deps };
}

describe('watch/agent: the long-lived agent and --once', () => {
  it('on SIGTERM stops scheduling and lets the running flow finish within the grace period', async () => {
    const { deps, stop, timers, cron, flows, kv, lines } = setup();
    const agent = runAgent(deps);
    await settle();
    cron.tick('*/2 * * * * *');
    await settle();
    assert.equal(flows.running, 1);
    stop.abort();
    await settle();
    assert.equal(cron.stopped, 1, 'node-cron task destroyed');
    cron.tick('*/2 * * * * *');
    await settle();
    assert.equal(flows.requests.length, 1, 'no run starts after SIGTERM');
    await timers.advance(10_000);
    assert.equal(flows.signalOfOldest().aborted, false, 'within the grace period the flow is left alone');
    flows.finish();
    await agent;
    assert.ok(lines.includes('info agent: stopping: no new runs; 1 running get 30.0s to finish'), lines.join('\n'));
    assert.ok(lines.includes('info schedule up: succeeded in 10.0s'));
    assert.match(JSON.stringify(kv.json(agentKeys.schedule('shop', 'up'))), /"agent":"stopped"/);
  });

  it('aborts a flow still running after the grace period (it rolls back) and ends', async () => {
    const { deps, stop, timers, cron, flows, lines } = setup();
    const agent = runAgent(deps);
    await settle();
    cron.tick('*/2 * * * * *');
    await settle();
    const runSignal = flows.signalOfOldest();
    runSignal.addEventListener('abort', () => flows.finish(new InterruptedError('interrupted; undone: remove shop_app-blue_2')));
    stop.abort();
    await timers.advance(30_000);
    await agent;
    assert.equal(runSignal.aborted, true);
    assert.ok(lines.some((l) => l.startsWith('warn schedule up: interrupted in 30.0s: interrupted; undone: remove shop_app-blue_2')), lines.join('\n'));
    assert.ok(lines.includes('warn agent: aborted 1 run(s) still going after 30.0s; they rolled back'));
  });

  it('polls the watched image at start and every watch interval until stopped', async () => {
    const { deps, stop, timers, flows } = setup('\nwatch_image: 127.0.0.1:5000/app\nwatch_interval: 30s', ['1.0.0']);
    flows.outcome = () => undefined;
    const agent = runAgent(deps);
    await timers.advance(0);
    assert.equal(flows.requests.length, 1, 'first poll at start deploys 1.0.0');
    await timers.advance(29_000);
    assert.equal(timers.sleeps.filter((ms) => ms === 30_000).length, 1);
    stop.abort();
    await agent;
    assert.equal(flows.requests[0]?.imageOverride, '127.0.0.1:5000/app:1.0.0');
  });

  it('--once runs the due schedules, then one poll, and reports each outcome', async () => {
    const { deps, flows, kv } = setup('\nwatch_image: 127.0.0.1:5000/app', ['1.0.0']);
    flows.outcome = () => undefined;
    const results = await runAgentOnce(deps);
    assert.deepEqual(results.map((r) => [r.what, r.outcome.result]), [['schedule up', 'succeeded'], ['watch 127.0.0.1:5000/app', 'succeeded']]);
    assert.match(JSON.stringify(kv.json(agentKeys.schedule('shop', 'up'))), /"agent":"once".*"lastCheckedAt":"1970-01-01T00:00:00.000Z"/);
    assert.match(JSON.stringify(kv.json(agentKeys.watch('shop', 'shop-app'))), /"agent":"once"/);
  });
});
