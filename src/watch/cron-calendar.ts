import { createTask, parse, schedule } from 'node-cron';
import { messageOf } from '../errors';
import type { Logger } from '../logger';

/** A cron schedule ticking for the agent; injected so the agent is tested without a real clock. */
export interface CronDriver {
  /** Calls `onFire` at every fire time of `cron` read in `timezone` (the machine's own when undefined). */
  start(cron: string, timezone: string | undefined, onFire: () => void): CronHandle;
}

export interface CronHandle {
  /** The next fire time (epoch ms), or undefined when there is none. */
  nextRun(): number | undefined;
  stop(): void;
}

/** Fire times of a cron expression, for `agent --once` and `status`. */
export interface CronCalendar {
  /** The latest fire time in (notBefore, at], or undefined when there is none. */
  previousFire(cron: string, timezone: string | undefined, at: number, notBefore: number): number | undefined;
  /** The next fire time after now. */
  nextFire(cron: string, timezone: string | undefined): number | undefined;
}

/** node-cron 4: each schedule is a task in its time zone; overlap is the agent's to handle (it logs skipped runs). */
export function nodeCronDriver(logger: Logger): CronDriver {
  const cronLogger = {
    info: (message: string) => logger.debug(`node-cron: ${message}`),
    warn: (message: string) => logger.warn(`node-cron: ${message}`),
    error: (message: string | Error) => logger.error(`node-cron: ${messageOf(message)}`),
    debug: (message: string | Error) => logger.debug(`node-cron: ${messageOf(message)}`),
  };
  return {
    start(cron, timezone, onFire) {
      const task = schedule(cron, () => onFire(), { logger: cronLogger, ...(timezone === undefined ? {} : { timezone }) });
      return {
        nextRun: () => task.getNextRun()?.getTime(),
        stop: () => void task.destroy(),
      };
    },
  };
}

const minuteMs = 60_000;

/**
 * node-cron's own matcher (the same reading of the expression and the time zone as the running
 * agent): walks back minute by minute, trying the seconds the expression allows.
 */
export const nodeCronCalendar: CronCalendar = {
  previousFire(cron, timezone, at, notBefore) {
    const seconds = [...parse(cron).second].sort((a, b) => b - a);
    const firstSecond = seconds[seconds.length - 1];
    if (firstSecond === undefined) return undefined;
    const task = createTask(cron, () => undefined, timezone === undefined ? {} : { timezone });
    try {
      for (let minute = Math.floor(at / minuteMs) * minuteMs; minute + 59_999 > notBefore; minute -= minuteMs) {
        // the minute, hour, day and month fields do not depend on the second: one test per minute
        if (!task.match(new Date(minute + firstSecond * 1000))) continue;
        const fire = seconds.map((s) => minute + s * 1000).find((t) => t <= at && t > notBefore && task.match(new Date(t)));
        if (fire !== undefined) return fire;
      }
      return undefined;
    } finally {
      // A task created only to read its calendar never started: destroying it has nothing to wait for.
      void task.destroy();
    }
  },
  nextFire(cron, timezone) {
    const task = createTask(cron, () => undefined, timezone === undefined ? {} : { timezone });
    try {
      return task.getNextRuns(1)[0]?.getTime();
    } finally {
      // A task created only to read its calendar never started: destroying it has nothing to wait for.
      void task.destroy();
    }
  },
};
