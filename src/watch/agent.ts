import type { TagSource } from '../ports/tag-source';
import type { FlowOptions } from '../config/flow-options';
import { serviceName } from '../domain/names';
import type { Logger } from '../logger';
import type { AgentStore } from '../store/agent-store';
import type { ServiceStore } from '../store/service-store';
import { AgentJournal } from './agent-journal';
import type { CronCalendar, CronDriver, CronHandle } from './cron-calendar';
import { dueSchedules } from './due-schedules';
import { pollImage, type ImagePollerDeps } from './image-poller';
import { OverlapGuard } from './overlap-guard';
import { RunTracker } from './run-tracker';
import { describeRun, type RunOutcome } from './run-outcome';
import { iso, ScheduleRunner, seconds, type FlowRunner } from './schedule-runner';
import type { WatchTimers } from './watch-timers';

export interface AgentDeps {
  readonly options: FlowOptions;
  readonly runFlows: FlowRunner;
  readonly services: ServiceStore;
  readonly agentStore: AgentStore;
  /** The watched repository's tags, when `watch_image` is set (then `options.target` is too). */
  readonly source?: TagSource;
  readonly cron: CronDriver;
  readonly calendar: CronCalendar;
  readonly timers: WatchTimers;
  readonly logger: Logger;
  /** user@host pid, in the agent's records. */
  readonly by: string;
  /** After SIGTERM: how long running flows get to finish before they are aborted (and roll back). */
  readonly stopGraceMs: number;
  /** Aborts on SIGTERM / Ctrl-C: stop scheduling. */
  readonly signal: AbortSignal;
}

/**
 * `docker-flow agent`: runs each schedule with node-cron in its time zone, and polls the watched
 * repository every watch interval, until the signal aborts. Then no new run starts, running flows
 * get `stopGraceMs` to finish, and those still going are aborted (their undo runs) and waited for.
 */
export async function runAgent(deps: AgentDeps): Promise<void> {
  const { logger, timers, signal } = deps;
  const journal = await AgentJournal.open({ store: deps.agentStore, project: deps.options.project, by: deps.by, logger, signal });
  const tracker = new RunTracker();
  const runner = new ScheduleRunner({ runFlows: deps.runFlows, journal, guard: new OverlapGuard(() => timers.now()), track: (job) => tracker.track(job), now: () => timers.now(), logger });
  const handles: { readonly name: string; readonly handle: CronHandle }[] = [];
  for (const schedule of deps.options.schedules) {
    const handle: CronHandle = deps.cron.start(schedule.cron, schedule.timezone, () => {
      // Not awaited: the cron tick returns at once; fire() records every outcome (success, skip, failure) itself
      // and the tracker waits for the run on shutdown.
      if (!signal.aborted) void runner.fire(schedule, 'cron', () => handle.nextRun());
    });
    handles.push({ name: schedule.name, handle });
    const next = handle.nextRun();
    await journal.updateSchedule(schedule, { agent: 'running', ...(next === undefined ? {} : { nextRun: iso(next) }) });
    logger.info(`agent: schedule ${schedule.name} "${schedule.cron}"${schedule.timezone === undefined ? '' : ` (${schedule.timezone})`}: ${describeRun(schedule.options)}; next run ${next === undefined ? 'never' : iso(next)}`);
  }
  const polling = deps.source === undefined ? Promise.resolve() : pollLoop(deps, deps.source, journal, tracker);
  await untilAborted(signal);
  for (const { handle } of handles) handle.stop();
  logger.info(`agent: stopping: no new runs${tracker.active === 0 ? '' : `; ${tracker.active} running get ${seconds(deps.stopGraceMs)} to finish`}`);
  const aborted = await tracker.drain(deps.stopGraceMs, timers);
  await polling;
  if (aborted > 0) logger.warn(`agent: aborted ${aborted} run(s) still going after ${seconds(deps.stopGraceMs)}; they rolled back`);
  for (const schedule of deps.options.schedules) await journal.updateSchedule(schedule, { agent: 'stopped' });
  if (deps.source !== undefined && deps.options.target !== undefined) await journal.updateWatch(watchBase(deps.options, deps.source, deps.options.target), { agent: 'stopped' });
  logger.info('agent: stopped');
}

/** One run of `agent --once`: `schedule <name>` or `watch <repository>`, and how it ended. */
export interface OnceResult {
  readonly what: string;
  readonly outcome: RunOutcome;
}

/**
 * `docker-flow agent --once`: the schedules that are due (see dueSchedules), oldest fire time
 * first, then one poll of the watched repository. Returns every outcome, in order.
 */
export async function runAgentOnce(deps: Omit<AgentDeps, 'cron' | 'stopGraceMs'>): Promise<readonly OnceResult[]> {
  const { logger, timers, signal, calendar } = deps;
  const journal = await AgentJournal.open({ store: deps.agentStore, project: deps.options.project, by: deps.by, logger, signal });
  const runner = new ScheduleRunner({ runFlows: deps.runFlows, journal, guard: new OverlapGuard(() => timers.now()), track: (job) => job(signal), now: () => timers.now(), logger });
  const now = timers.now();
  const schedules = deps.options.schedules;
  const due = dueSchedules({ schedules, lastCheckedAt: (name) => journal.schedule(name)?.lastCheckedAt, now, intervalMs: deps.options.watchIntervalMs, calendar });
  logger.info(`agent --once: ${due.length} of ${schedules.length} schedule(s) due${due.length === 0 ? '' : `: ${due.map((d) => `${d.schedule.name} (${iso(d.fireAt)})`).join(', ')}`}`);
  const outcomes: OnceResult[] = [];
  for (const { schedule } of due) {
    if (signal.aborted) break;
    outcomes.push({ what: `schedule ${schedule.name}`, outcome: await runner.fire(schedule, 'once', () => calendar.nextFire(schedule.cron, schedule.timezone)) });
  }
  for (const schedule of schedules) {
    const next = calendar.nextFire(schedule.cron, schedule.timezone);
    await journal.updateSchedule(schedule, { agent: 'once', lastCheckedAt: iso(now), ...(next === undefined ? {} : { nextRun: iso(next) }) });
  }
  if (deps.source !== undefined && !signal.aborted) {
    const poller = pollerDeps(deps, deps.source, journal);
    outcomes.push({ what: `watch ${deps.source.repository.reference}`, outcome: await pollImage(poller, 'once', signal) });
    await journal.updateWatch(watchBase(poller.options, deps.source, poller.options.target), { agent: 'once' });
  }
  return outcomes;
}

async function pollLoop(deps: AgentDeps, source: TagSource, journal: AgentJournal, tracker: RunTracker): Promise<void> {
  const poller = pollerDeps(deps, source, journal);
  const base = watchBase(poller.options, source, poller.options.target);
  deps.logger.info(`agent: watching ${source.repository.reference} every ${seconds(deps.options.watchIntervalMs)} for tags newer than the live release of ${poller.options.target}`);
  while (!deps.signal.aborted) {
    await tracker.track((runSignal) => pollImage(poller, 'poll', runSignal));
    if (deps.signal.aborted) break;
    await journal.updateWatch(base, { agent: 'running', nextPollAt: iso(deps.timers.now() + deps.options.watchIntervalMs) });
    await deps.timers.sleep(deps.options.watchIntervalMs, deps.signal);
  }
}

function pollerDeps(deps: Omit<AgentDeps, 'cron' | 'stopGraceMs'>, source: TagSource, journal: AgentJournal): ImagePollerDeps {
  const target = deps.options.target;
  if (target === undefined) throw new Error('agent: watching an image needs options.target (checked by checkAgentOptions)');
  return { options: { ...deps.options, target }, source, services: deps.services, agentStore: deps.agentStore, journal, runFlows: deps.runFlows, now: () => deps.timers.now(), logger: deps.logger };
}

function watchBase(options: FlowOptions, source: TagSource, target: string): { service: string; image: string; intervalMs: number } {
  return { service: serviceName(options.project, target), image: source.repository.reference, intervalMs: options.watchIntervalMs };
}

function untilAborted(signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) resolve();
    else signal.addEventListener('abort', () => resolve(), { once: true });
  });
}
