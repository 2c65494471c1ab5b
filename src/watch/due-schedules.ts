import type { FlowSchedule } from '../config/flow-options';
import type { CronCalendar } from './cron-calendar';

/** `agent --once` never runs a fire time older than this, however long ago it last looked. */
export const maxLookbackMs = 24 * 60 * 60_000;

export interface DueSchedule {
  readonly schedule: FlowSchedule;
  /** The fire time (epoch ms) the run stands for. */
  readonly fireAt: number;
}

/**
 * What `agent --once` runs now: each schedule whose latest fire time lies after the previous
 * `--once` looked at it (or, the first time, within the last `intervalMs`, the watch interval),
 * and at most a day back. One run per schedule however many fire times were passed, oldest first,
 * so a scale up at 08:00 and down at 20:00 passed together end as they would have.
 */
export function dueSchedules(input: {
  readonly schedules: readonly FlowSchedule[];
  readonly lastCheckedAt: (name: string) => string | undefined;
  readonly now: number;
  readonly intervalMs: number;
  readonly calendar: CronCalendar;
}): readonly DueSchedule[] {
  const due: DueSchedule[] = [];
  for (const schedule of input.schedules) {
    const checked = Date.parse(input.lastCheckedAt(schedule.name) ?? '');
    const from = Math.max(Number.isNaN(checked) ? input.now - input.intervalMs : checked, input.now - maxLookbackMs);
    const fireAt = input.calendar.previousFire(schedule.cron, schedule.timezone, input.now, from);
    if (fireAt !== undefined) due.push({ schedule, fireAt });
  }
  return due.sort((a, b) => a.fireAt - b.fireAt || a.schedule.name.localeCompare(b.schedule.name));
}
