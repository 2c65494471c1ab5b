/** What `docker-flow agent` records in the state store, and `docker-flow status` shows. */

/** How one run of a schedule or one registry poll ended. */
export type AgentRunResult = 'succeeded' | 'failed' | 'conflict' | 'skipped' | 'interrupted' | 'up-to-date';

export interface AgentRunRecord {
  /** ISO times. */
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly result: AgentRunResult;
  /** One line: what happened, e.g. `scale +2 + proxy: 3 instances` or the error. */
  readonly message: string;
  /** A cron tick of the running agent, `agent --once`, or a registry poll. */
  readonly trigger: 'cron' | 'once' | 'poll';
}

/** `docker-flow/_agent/<project>/schedules/<name>` */
export interface ScheduleRecord {
  readonly name: string;
  readonly cron: string;
  readonly timezone?: string;
  /** The next fire time (ISO) while an agent runs the schedule; after `agent --once`, when the next one is due. */
  readonly nextRun?: string;
  /** `running`: a long-lived agent schedules it; `stopped`: that agent ended; `once`: last seen by `agent --once`. */
  readonly agent: 'running' | 'stopped' | 'once';
  /** user@host and pid of the agent that wrote this. */
  readonly by: string;
  readonly lastRun?: AgentRunRecord;
  /** The last tick skipped because the previous run was still going (ISO). */
  readonly lastSkippedAt?: string;
  /** When `agent --once` last looked at the schedule: its next look runs fire times after this. */
  readonly lastCheckedAt?: string;
}

/** `docker-flow/_agent/<project>/watch/<service>` */
export interface WatchRecord {
  readonly service: string;
  /** The watched repository as written (`127.0.0.1:5000/app`). */
  readonly image: string;
  readonly intervalMs: number;
  readonly agent: 'running' | 'stopped' | 'once';
  readonly by: string;
  readonly nextPollAt?: string;
  readonly lastPoll?: AgentRunRecord & { readonly tag?: string };
}

/** One tag whose deploy failed, in `docker-flow/<service>/agent/failed-tags`. */
export interface FailedTagRecord {
  readonly tag: string;
  /** ISO time of the failure. */
  readonly at: string;
  readonly error: string;
}
