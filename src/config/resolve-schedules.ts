import type { FlowOptions, FlowSchedule } from './flow-options';
import type { RawSetting } from './option-row';
import type { ScheduleEntry } from './parse-schedules';

/**
 * The schedules with the options of their runs: `resolve` merges a schedule's keys over
 * docker-flow.yml, the environment and the flags (the schedule wins) and validates the result,
 * so a bad value in a schedule is refused when the agent starts, not at 08:00.
 */
export function resolveSchedules(entries: readonly ScheduleEntry[], resolve: (overrides: readonly RawSetting[]) => FlowOptions): readonly FlowSchedule[] {
  return entries.map((entry) => ({
    name: entry.name,
    cron: entry.cron,
    ...(entry.timezone === undefined ? {} : { timezone: entry.timezone }),
    key: entry.key,
    options: resolve(entry.settings),
  }));
}
