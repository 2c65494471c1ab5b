import type { FlowSchedule } from '../config/flow-options';
import type { ScheduleRecord, WatchRecord } from '../domain/agent-records';
import type { Logger } from '../logger';
import type { AgentStore } from '../store/agent-store';
import { messageOf } from '../errors';

const writeTimeoutMs = 10_000;

/**
 * The agent's records as it keeps them up to date: seeded from the state store at start (so the
 * last results of an earlier agent stay visible), changed field by field, written after each
 * change. A failed write is logged, never fatal: status records must not stop a release.
 */
export class AgentJournal {
  private readonly schedules = new Map<string, ScheduleRecord>();
  private readonly watches = new Map<string, WatchRecord>();

  private constructor(
    private readonly store: AgentStore,
    private readonly project: string,
    private readonly by: string,
    private readonly logger: Logger,
  ) {}

  static async open(input: { readonly store: AgentStore; readonly project: string; readonly by: string; readonly logger: Logger; readonly signal: AbortSignal }): Promise<AgentJournal> {
    const journal = new AgentJournal(input.store, input.project, input.by, input.logger);
    const stored = await input.store.read(input.project, input.signal);
    for (const record of stored.schedules) journal.schedules.set(record.name, record);
    for (const record of stored.watches) journal.watches.set(record.service, record);
    for (const c of stored.corrupt) input.logger.warn(`agent: ${c.key} ${c.reason}; it is replaced the next time the agent records it`);
    return journal;
  }

  schedule(name: string): ScheduleRecord | undefined {
    return this.schedules.get(name);
  }

  /** Writes the schedule's record with `change` over what is known (cron and time zone from the schedule as configured now). */
  async updateSchedule(schedule: FlowSchedule, change: Partial<Omit<ScheduleRecord, 'name' | 'cron' | 'timezone' | 'by'>>): Promise<void> {
    const { timezone: _oldZone, ...known } = this.schedules.get(schedule.name) ?? { agent: 'running' as const };
    const record: ScheduleRecord = {
      ...known,
      ...change,
      name: schedule.name,
      cron: schedule.cron,
      ...(schedule.timezone === undefined ? {} : { timezone: schedule.timezone }),
      by: this.by,
    };
    this.schedules.set(schedule.name, record);
    await this.write(`schedule ${schedule.name}`, (signal) => this.store.writeSchedule(this.project, record, signal));
  }

  async updateWatch(base: Pick<WatchRecord, 'service' | 'image' | 'intervalMs'>, change: Partial<Pick<WatchRecord, 'agent' | 'nextPollAt' | 'lastPoll'>>): Promise<void> {
    const record: WatchRecord = { agent: 'running', ...this.watches.get(base.service), ...change, ...base, by: this.by };
    this.watches.set(base.service, record);
    await this.write(`watch ${base.image}`, (signal) => this.store.writeWatch(this.project, record, signal));
  }

  private async write(what: string, put: (signal: AbortSignal) => Promise<void>): Promise<void> {
    try {
      await put(AbortSignal.timeout(writeTimeoutMs));
    } catch (error) {
      this.logger.warn(`agent: could not record ${what} in the state store: ${messageOf(error)}`);
    }
  }
}
