import assert from 'node:assert/strict';
import type { FlowSchedule } from '../../../src/config/flow-options';
import { ConflictError, UnhealthyError } from '../../../src/errors';
import { AgentStore, agentKeys } from '../../../src/store/agent-store';
import { AgentJournal } from '../../../src/watch/agent-journal';
import { OverlapGuard } from '../../../src/watch/overlap-guard';
import { ScheduleRunner } from '../../../src/watch/schedule-runner';
import { optionsFrom } from '../config/support/resolve-from';
import { FakeFlows, MemoryKvStore, recordingLogger } from './agent-support';
import { ManualTimers, settle } from './manual-timers';

function schedule(name: string, scale: string): FlowSchedule {
  const options = optionsFrom({ yml: `target: app\nschedules:\n  - name: ${name}\n    cron: "*/2 * * * * *"\n    flows: [scale, proxy]\n    scale: "${scale}"` });
  const found = options.schedules[0];
  if (found === undefined) throw new Error('no schedule');
  return found;
}

async function setup(): Promise<{ runner: ScheduleRunner; flows: FakeFlows; timers: ManualTimers; kv: MemoryKvStore; lines: string[] }> {
  const kv = new MemoryKvStore();
  const timers = new ManualTimers();
  const logger = recordingLogger();
  const journal = await AgentJournal.open({ store: new AgentStore(kv), project: 'shop', by: 'ops@box pid 1', logger, signal: new AbortController().signal });
  const flows = new FakeFlows();
  const runner = new ScheduleRunner({ runFlows: flows.run, journal, guard: new OverlapGuard(() => timers.now()), track: (job) => job(new AbortController().signal), now: () => timers.now(), logger });
  return { runner, flows, timers, kv, lines: logger.lines };
}

describe('watch/schedule-runner: one run of a schedule at a time', () => {
  it('skips a tick while the previous run of the schedule is still going, logs it with since when, and runs the next one', async () => {
    const { runner, flows, timers, kv, lines } = await setup();
    const up = schedule('up', '+1');
    const first = runner.fire(up, 'cron', () => 4_000);
    await settle();
    assert.equal(flows.running, 1);
    await timers.advance(2_000);
    const second = await runner.fire(up, 'cron', () => 4_000);
    assert.equal(second.result, 'skipped');
    assert.equal(second.message, 'skipped: the run started at 1970-01-01T00:00:00.000Z is still going (2.0s)');
    assert.equal(flows.requests.length, 1, 'the skipped tick started no flow');
    assert.ok(lines.includes('warn schedule up: skipped: the run started at 1970-01-01T00:00:00.000Z is still going (2.0s)'), lines.join('\n'));
    await timers.advance(1_500);
    flows.finish();
    assert.equal((await first).result, 'succeeded');
    assert.ok(lines.includes('info schedule up: succeeded in 3.5s'), lines.join('\n'));
    const third = runner.fire(up, 'cron', () => 6_000);
    await settle();
    assert.equal(flows.requests.length, 2, 'the tick after the run ended runs');
    flows.finish();
    await third;
    const record = kv.json(agentKeys.schedule('shop', 'up'));
    assert.deepEqual(record, {
      agent: 'running',
      name: 'up',
      cron: '*/2 * * * * *',
      by: 'ops@box pid 1',
      lastSkippedAt: '1970-01-01T00:00:02.000Z',
      nextRun: '1970-01-01T00:00:06.000Z',
      lastRun: { startedAt: '1970-01-01T00:00:03.500Z', finishedAt: '1970-01-01T00:00:03.500Z', result: 'succeeded', message: 'scale +1 + proxy succeeded', trigger: 'cron' },
    });
  });

  it('runs two schedules side by side: the guard is per schedule', async () => {
    const { runner, flows } = await setup();
    const a = runner.fire(schedule('up', '+1'), 'cron', () => undefined);
    const b = runner.fire(schedule('down', '-1'), 'cron', () => undefined);
    await settle();
    assert.equal(flows.running, 2);
    assert.deepEqual(flows.requests.map((r) => r.options.scale), [{ kind: 'relative', delta: 1 }, { kind: 'relative', delta: -1 }]);
    flows.finish();
    flows.finish();
    await Promise.all([a, b]);
  });

  it('records a held deploy lock as a conflict and a failed flow as failed, each with its message, and frees the schedule', async () => {
    const { runner, flows, kv, lines } = await setup();
    const up = schedule('up', '+1');
    flows.outcome = () => new ConflictError('deploy lock of shop-app is held by ci@build (pid 7) since 2024-06-03T10:00:00Z (deploy)');
    const conflict = await runner.fire(up, 'cron', () => undefined);
    assert.equal(conflict.result, 'conflict');
    assert.ok(lines.some((l) => l.startsWith('warn schedule up: conflict in 0.0s: deploy lock of shop-app is held by ci@build')), lines.join('\n'));
    flows.outcome = () => new UnhealthyError('shop_app-green_2 on local was not healthy after 120s');
    const failed = await runner.fire(up, 'cron', () => undefined);
    assert.equal(failed.result, 'failed');
    assert.ok(failed.error instanceof UnhealthyError);
    assert.ok(lines.includes('error schedule up: failed in 0.0s: shop_app-green_2 on local was not healthy after 120s'), lines.join('\n'));
    assert.match(JSON.stringify(kv.json(agentKeys.schedule('shop', 'up'))), /"lastRun":\{[^}]*"result":"failed","message":"shop_app-green_2 on local was not healthy after 120s"/);
    flows.outcome = () => undefined;
    assert.equal((await runner.fire(up, 'cron', () => undefined)).result, 'succeeded', 'a failed run does not block the next');
  });
});
