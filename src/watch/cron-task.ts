import { schedule, validate } from 'node-cron';
import { ConfigError, messageOf } from '../errors';
import type { Logger } from '../logger';

/** Starts `run` on a cron schedule; the returned function stops it. Injected so tests need no real clock. */
export type CronScheduler = (expression: string, run: () => void) => () => void;

/** node-cron: 5 fields (minute precision) or 6 (with seconds). Runs never overlap: a slow run skips the next tick. */
export const nodeCronScheduler: CronScheduler = (expression, run) => {
  const task = schedule(expression, () => run(), { noOverlap: true });
  return () => void task.destroy();
};

/** Checks a cron expression given by `key` (e.g. --resync-cron) before anything starts. */
export function checkCronExpression(key: string, expression: string): string {
  if (!validate(expression)) {
    throw new ConfigError(key, `"${expression}" is not a cron expression`, {
      hint: 'give 5 fields (minute hour day month weekday), e.g. "* * * * *" for every minute, or 6 with seconds first, e.g. "*/30 * * * * *"',
    });
  }
  return expression;
}

/** Runs an async job on the schedule; failures are logged, never thrown (the next tick tries again). */
export function startCronJob(scheduler: CronScheduler, expression: string, what: string, job: () => Promise<void>, logger: Logger): () => void {
  return scheduler(expression, () => {
    job().catch((error: unknown) => logger.warn(`${what} failed; the next scheduled run tries again`, { error: messageOf(error) }));
  });
}
