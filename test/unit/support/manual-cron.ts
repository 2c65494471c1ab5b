import type { CronScheduler } from '../../../src/watch/cron-task';

/** A cron scheduler the test drives: `ticks` holds each scheduled job's run (call it to fire a tick); stopping a job removes it. */
export function manualCron(): { readonly cron: CronScheduler; readonly ticks: (() => void)[] } {
  const ticks: (() => void)[] = [];
  const cron: CronScheduler = (_expression, run) => {
    ticks.push(run);
    return () => void ticks.splice(ticks.indexOf(run), 1);
  };
  return { cron, ticks };
}
