import type { FlowOptions, FlowSchedule } from '../config/flow-options';
import type { AgentRunRecord } from '../domain/agent-records';
import type { Logger } from '../logger';
import type { AgentJournal } from './agent-journal';
import type { OverlapGuard } from './overlap-guard';
import { describeRun, outcomeOf, type RunOutcome } from './run-outcome';

/** Runs flows with options of their own (the CLI builds a FlowContext with buildContext and calls runFlows). */
export type FlowRunner = (request: FlowRunRequest) => Promise<void>;

export interface FlowRunRequest {
  readonly options: FlowOptions;
  /** `<repository>:<tag>` to deploy instead of the target's image in the compose file. */
  readonly imageOverride?: string;
  readonly logger: Logger;
  readonly signal: AbortSignal;
}

export interface ScheduleRunnerDeps {
  readonly runFlows: FlowRunner;
  readonly journal: AgentJournal;
  readonly guard: OverlapGuard;
  /** Runs a job with the signal its run gets (the long-lived agent tracks runs to stop them gracefully). */
  readonly track: <T>(job: (signal: AbortSignal) => Promise<T>) => Promise<T>;
  readonly now: () => number;
  readonly logger: Logger;
}

/**
 * One run of a schedule: never two at once (a tick while the previous run is going is logged and
 * recorded as skipped), each run logged and recorded with its result and the next fire time.
 */
export class ScheduleRunner {
  constructor(private readonly deps: ScheduleRunnerDeps) {}

  async fire(schedule: FlowSchedule, trigger: AgentRunRecord['trigger'], nextRun: () => number | undefined): Promise<RunOutcome> {
    const { deps } = this;
    const logger = deps.logger.child({ schedule: schedule.name });
    const began = deps.guard.begin(schedule.name);
    if (!began.started) {
      const message = `skipped: the run started at ${iso(began.sinceMs)} is still going (${seconds(began.forMs)})`;
      logger.warn(`schedule ${schedule.name}: ${message}`, { result: 'skipped' });
      await deps.journal.updateSchedule(schedule, { lastSkippedAt: iso(deps.now()), ...next(nextRun) });
      return { result: 'skipped', message };
    }
    const startedAt = deps.now();
    const what = describeRun(schedule.options);
    let outcome: RunOutcome;
    try {
      logger.info(`schedule ${schedule.name}: ${what} starting`);
      outcome = await deps.track(async (signal) => {
        try {
          await deps.runFlows({ options: schedule.options, logger, signal });
          return { result: 'succeeded', message: `${what} succeeded` };
        } catch (error) {
          return outcomeOf(error, signal);
        }
      });
    } finally {
      deps.guard.end(schedule.name);
    }
    const finishedAt = deps.now();
    const line = `schedule ${schedule.name}: ${outcome.result} in ${seconds(finishedAt - startedAt)}${outcome.result === 'succeeded' ? '' : `: ${outcome.message}`}`;
    const fields = { result: outcome.result, durationMs: finishedAt - startedAt };
    if (outcome.result === 'succeeded') logger.info(line, fields);
    else if (outcome.result === 'failed') logger.error(line, fields);
    else logger.warn(line, fields);
    const lastRun: AgentRunRecord = { startedAt: iso(startedAt), finishedAt: iso(finishedAt), result: outcome.result, message: outcome.message, trigger };
    await deps.journal.updateSchedule(schedule, { lastRun, ...next(nextRun) });
    return outcome;
  }
}

function next(nextRun: () => number | undefined): { nextRun?: string } {
  const at = nextRun();
  return at === undefined ? {} : { nextRun: iso(at) };
}

export function iso(ms: number): string {
  return new Date(ms).toISOString();
}

export function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)}s`;
}
