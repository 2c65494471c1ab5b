import type { KvStore } from '../ports/kv-store';
import type { FailedTagRecord, ScheduleRecord, WatchRecord } from '../domain/agent-records';
import { parseFailedTags, parseScheduleRecord, parseWatchRecord } from '../domain/parse-agent-records';
import { readJsonRecord, type CorruptRecord } from '../domain/stored-record';
import { ConflictError } from '../errors';

export const agentKeys = {
  project: (project: string) => `docker-flow/_agent/${project}/`,
  schedule: (project: string, name: string) => `docker-flow/_agent/${project}/schedules/${name}`,
  watch: (project: string, service: string) => `docker-flow/_agent/${project}/watch/${service}`,
  failedTags: (service: string) => `docker-flow/${service}/agent/failed-tags`,
};

/** The agent's records of a project, and those that could not be read. */
export interface StoredAgentRecords {
  readonly schedules: readonly ScheduleRecord[];
  readonly watches: readonly WatchRecord[];
  readonly corrupt: readonly CorruptRecord[];
}

/** A service's failed tags; a list that cannot be read counts as empty and is reported. */
export interface StoredFailedTags {
  readonly tags: readonly FailedTagRecord[];
  readonly corrupt: readonly CorruptRecord[];
}

/**
 * The agent's records on the state store (Consul KV or the embedded store): per schedule and per
 * watched image the last result and the next run, for `docker-flow status`; per service the tags
 * whose deploy failed, so they are not retried at every poll. Status records are last-writer-wins
 * (one agent per project); the failed-tag list is written with check-and-set.
 */
export class AgentStore {
  constructor(private readonly kv: KvStore) {}

  async writeSchedule(project: string, record: ScheduleRecord, signal: AbortSignal): Promise<void> {
    await this.kv.put(agentKeys.schedule(project, record.name), JSON.stringify(record), {}, signal);
  }

  async writeWatch(project: string, record: WatchRecord, signal: AbortSignal): Promise<void> {
    await this.kv.put(agentKeys.watch(project, record.service), JSON.stringify(record), {}, signal);
  }

  /** Every schedule and watch record of the project, sorted by key. */
  async read(project: string, signal: AbortSignal): Promise<StoredAgentRecords> {
    const entries = await this.kv.list(agentKeys.project(project), signal);
    const schedules: ScheduleRecord[] = [];
    const watches: WatchRecord[] = [];
    const corrupt: CorruptRecord[] = [];
    for (const entry of entries) {
      if (entry.key.includes('/schedules/')) {
        const stored = readJsonRecord(entry.key, entry.value, 'a schedule record', parseScheduleRecord);
        if (stored.ok) schedules.push(stored.record);
        else corrupt.push(stored.corrupt);
      } else if (entry.key.includes('/watch/')) {
        const stored = readJsonRecord(entry.key, entry.value, 'a watch record', parseWatchRecord);
        if (stored.ok) watches.push(stored.record);
        else corrupt.push(stored.corrupt);
      }
    }
    return { schedules, watches, corrupt };
  }

  async failedTags(service: string, signal: AbortSignal): Promise<StoredFailedTags> {
    const entry = await this.kv.get(agentKeys.failedTags(service), signal);
    if (entry === undefined) return { tags: [], corrupt: [] };
    const stored = readJsonRecord(entry.key, entry.value, 'a failed-tag list', parseFailedTags);
    return stored.ok ? { tags: stored.record, corrupt: [] } : { tags: [], corrupt: [stored.corrupt] };
  }

  /** Adds (or replaces) a failed tag. */
  async rememberFailedTag(service: string, failed: FailedTagRecord, signal: AbortSignal): Promise<void> {
    await this.updateFailedTags(service, (tags) => [...tags.filter((t) => t.tag !== failed.tag), failed], signal);
  }

  /** Forgets a failed tag (`docker-flow agent --retry <tag>`); false when it was not remembered. */
  async forgetFailedTag(service: string, tag: string, signal: AbortSignal): Promise<boolean> {
    let found = false;
    await this.updateFailedTags(service, (tags) => {
      found = tags.some((t) => t.tag === tag);
      return tags.filter((t) => t.tag !== tag);
    }, signal);
    return found;
  }

  private async updateFailedTags(service: string, change: (tags: readonly FailedTagRecord[]) => readonly FailedTagRecord[], signal: AbortSignal): Promise<void> {
    const key = agentKeys.failedTags(service);
    for (let attempt = 0; attempt < 5; attempt += 1) {
      const entry = await this.kv.get(key, signal);
      // a list that cannot be read is written anew (readers reported it)
      const stored = entry === undefined ? undefined : readJsonRecord(key, entry.value, 'a failed-tag list', parseFailedTags);
      const tags = change(stored?.ok === true ? stored.record : []);
      if (await this.kv.put(key, JSON.stringify({ tags }), { cas: entry?.modifyIndex ?? 0 }, signal)) return;
    }
    throw new ConflictError(`${key} in the ${this.kv.description} kept changing while the agent wrote it (check-and-set failed 5 times)`, {
      hint: 'another agent writes the failed tags of this service; run one agent per project',
    });
  }
}
