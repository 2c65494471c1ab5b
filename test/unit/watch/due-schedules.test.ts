import assert from 'node:assert/strict';
import type { FlowSchedule } from '../../../src/config/flow-options';
import { nodeCronCalendar } from '../../../src/watch/cron-calendar';
import { dueSchedules } from '../../../src/watch/due-schedules';
import { optionsFrom } from '../config/support/resolve-from';

const at = (iso: string): number => Date.parse(iso);

function schedules(entries: readonly { name: string; cron: string; timezone?: string }[]): readonly FlowSchedule[] {
  const yml = entries
    .map((e) => `  - name: ${e.name}\n    cron: "${e.cron}"\n${e.timezone === undefined ? '' : `    timezone: ${e.timezone}\n`}    flows: [scale]\n    scale: "+1"`)
    .join('\n');
  return optionsFrom({ yml: `target: app\nschedules:\n${yml}` }).schedules;
}

describe('watch/due-schedules: what agent --once runs (real node-cron calendar, times passed in)', () => {
  // Monday 3 June 2024, 08:00:30 in Paris (UTC+2)
  const now = at('2024-06-03T06:00:30Z');
  const weekdayMorning = schedules([{ name: 'morning', cron: '0 8 * * 1-5', timezone: 'Europe/Paris' }]);

  it('runs a schedule whose fire time lies within the last interval, read in its time zone', () => {
    const due = dueSchedules({ schedules: weekdayMorning, lastCheckedAt: () => undefined, now, intervalMs: 60_000, calendar: nodeCronCalendar });
    assert.deepEqual(due.map((d) => [d.schedule.name, new Date(d.fireAt).toISOString()]), [['morning', '2024-06-03T06:00:00.000Z']]);
    const utc = schedules([{ name: 'morning', cron: '0 8 * * 1-5', timezone: 'UTC' }]);
    assert.deepEqual(dueSchedules({ schedules: utc, lastCheckedAt: () => undefined, now, intervalMs: 60_000, calendar: nodeCronCalendar }), [], '08:00 UTC is two hours later');
  });

  it('does not run it when it fired before the interval, or before the previous --once looked', () => {
    assert.deepEqual(dueSchedules({ schedules: weekdayMorning, lastCheckedAt: () => undefined, now, intervalMs: 20_000, calendar: nodeCronCalendar }), []);
    assert.deepEqual(dueSchedules({ schedules: weekdayMorning, lastCheckedAt: () => '2024-06-03T06:00:10Z', now, intervalMs: 60_000, calendar: nodeCronCalendar }), []);
  });

  it('catches a fire time passed since the previous --once, however rare the --once runs, but at most a day back', () => {
    const lastChecked = (iso: string) => () => iso;
    const later = at('2024-06-03T07:45:00Z');
    assert.equal(dueSchedules({ schedules: weekdayMorning, lastCheckedAt: lastChecked('2024-06-03T05:50:00Z'), now: later, intervalMs: 30_000, calendar: nodeCronCalendar }).length, 1);
    const days = dueSchedules({ schedules: weekdayMorning, lastCheckedAt: lastChecked('2024-05-20T00:00:00Z'), now: at('2024-06-04T05:00:00Z'), intervalMs: 30_000, calendar: nodeCronCalendar });
    assert.deepEqual(days.map((d) => new Date(d.fireAt).toISOString()), ['2024-06-03T06:00:00.000Z'], 'one run for the latest fire time within a day');
    assert.deepEqual(dueSchedules({ schedules: weekdayMorning, lastCheckedAt: lastChecked('2024-05-20T00:00:00Z'), now: at('2024-06-08T07:00:00Z'), intervalMs: 30_000, calendar: nodeCronCalendar }), [], 'Friday 08:00 is more than a day before Saturday 09:00');
  });

  it('runs the due schedules oldest fire time first, and reads seconds-level expressions', () => {
    const both = schedules([{ name: 'up', cron: '10 0 8 * * *', timezone: 'Europe/Paris' }, { name: 'down', cron: '*/2 * * * * *' }]);
    const due = dueSchedules({ schedules: both, lastCheckedAt: () => '2024-06-03T06:00:00Z', now: at('2024-06-03T06:00:13.500Z'), intervalMs: 30_000, calendar: nodeCronCalendar });
    assert.deepEqual(due.map((d) => [d.schedule.name, new Date(d.fireAt).toISOString()]), [['up', '2024-06-03T06:00:10.000Z'], ['down', '2024-06-03T06:00:12.000Z']]);
  });

  it('finds the previous fire time of a weekday schedule across a weekend', () => {
    const saturday = at('2024-06-08T12:00:00Z');
    assert.equal(nodeCronCalendar.previousFire('0 8 * * 1-5', 'Europe/Paris', saturday, saturday - 2 * 24 * 3_600_000), at('2024-06-07T06:00:00Z'));
    assert.equal(nodeCronCalendar.previousFire('0 8 * * 1-5', 'Europe/Paris', saturday, saturday - 3_600_000), undefined);
  });
});
