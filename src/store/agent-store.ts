import type { KvStore } from '../adapters/state/kv-store';
import { arrayAt, isRecord, numberAt, stringAt } from '../adapters/docker/json-fields';
import type { AgentRunRecord, AgentRunResult, FailedTagRecord, ScheduleRecord, WatchRecord } from '../domain/agent-records';
import { ConflictError } from '../errors';

export const agentKeys = {
  project: (project: string) => `docker-flow/_agent/${project}/`,
  schedule: (project: string, name: string) => `docker-flow/_agent/${project}/schedules/${name}`,
  watch: (project: string, service: string) => `docker-flow/_agent/${project}/watch/${service}`,
  failedTags: (service: string) => `docker-flow/${service}/agent/failed-tags`,
};

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
  async read(project: string, signal: AbortSignal): Promise<{ readonly schedules: readonly ScheduleRecord[]; readonly watches: readonly WatchRecord[] }> {
    const entries = await this.kv.list(agentKeys.project(project), signal);
    const schedules: ScheduleRecord[] = [];
    const watches: WatchRecord[] = [];
    for (const entry of entries) {
      const json = parseJson(entry.value);
      if (entry.key.includes('/schedules/')) {
        const record = scheduleOf(json);
        if (record !== undefined) schedules.push(record);
      } else if (entry.key.includes('/watch/')) {
        const record = watchOf(json);
        if (record !== undefined) watches.push(record);
      }
    }
    return { schedules, watches };
  }

  async failedTags(service: string, signal: AbortSignal): Promise<readonly FailedTagRecord[]> {
    const entry = await this.kv.get(agentKeys.failedTags(service), signal);
    return entry === undefined ? [] : failedTagsOf(parseJson(entry.value));
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
      const tags = change(entry === undefined ? [] : failedTagsOf(parseJson(entry.value)));
      if (await this.kv.put(key, JSON.stringify({ tags }), { cas: entry?.modifyIndex ?? 0 }, signal)) return;
    }
    throw new ConflictError(`${key} in the ${this.kv.description} kept changing while the agent wrote it (check-and-set failed 5 times)`, {
      hint: 'another agent writes the failed tags of this service; run one agent per project',
    });
  }
}

const results: readonly AgentRunResult[] = ['succeeded', 'failed', 'conflict', 'skipped', 'interrupted', 'up-to-date'];
const agentStates = ['running', 'stopped', 'once'] as const;
const triggers = ['cron', 'once', 'poll'] as const;

function runOf(json: unknown): AgentRunRecord | undefined {
  const startedAt = stringAt(json, 'startedAt');
  const finishedAt = stringAt(json, 'finishedAt');
  const result = results.find((r) => r === stringAt(json, 'result'));
  const trigger = triggers.find((t) => t === stringAt(json, 'trigger'));
  if (startedAt === undefined || finishedAt === undefined || result === undefined || trigger === undefined) return undefined;
  return { startedAt, finishedAt, result, message: stringAt(json, 'message') ?? '', trigger };
}

function scheduleOf(json: unknown): ScheduleRecord | undefined {
  const name = stringAt(json, 'name');
  const cron = stringAt(json, 'cron');
  const agent = agentStates.find((a) => a === stringAt(json, 'agent'));
  if (name === undefined || cron === undefined || agent === undefined) return undefined;
  const timezone = stringAt(json, 'timezone');
  const nextRun = stringAt(json, 'nextRun');
  const lastRun = runOf(isRecord(json) ? json['lastRun'] : undefined);
  const lastCheckedAt = stringAt(json, 'lastCheckedAt');
  const lastSkippedAt = stringAt(json, 'lastSkippedAt');
  return {
    name, cron, agent, by: stringAt(json, 'by') ?? '',
    ...(timezone === undefined ? {} : { timezone }),
    ...(nextRun === undefined ? {} : { nextRun }),
    ...(lastRun === undefined ? {} : { lastRun }),
    ...(lastCheckedAt === undefined ? {} : { lastCheckedAt }),
    ...(lastSkippedAt === undefined ? {} : { lastSkippedAt }),
  };
}

function watchOf(json: unknown): WatchRecord | undefined {
  const service = stringAt(json, 'service');
  const image = stringAt(json, 'image');
  const agent = agentStates.find((a) => a === stringAt(json, 'agent'));
  if (service === undefined || image === undefined || agent === undefined) return undefined;
  const nextPollAt = stringAt(json, 'nextPollAt');
  const pollJson = isRecord(json) ? json['lastPoll'] : undefined;
  const run = runOf(pollJson);
  const tag = stringAt(pollJson, 'tag');
  return {
    service, image, agent, by: stringAt(json, 'by') ?? '', intervalMs: numberAt(json, 'intervalMs') ?? 0,
    ...(nextPollAt === undefined ? {} : { nextPollAt }),
    ...(run === undefined ? {} : { lastPoll: { ...run, ...(tag === undefined ? {} : { tag }) } }),
  };
}

function failedTagsOf(json: unknown): readonly FailedTagRecord[] {
  return arrayAt(json, 'tags').flatMap((item): FailedTagRecord[] => {
    const tag = stringAt(item, 'tag');
    const at = stringAt(item, 'at');
    return tag === undefined || at === undefined ? [] : [{ tag, at, error: stringAt(item, 'error') ?? '' }];
  });
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
