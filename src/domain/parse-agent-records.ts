import type { AgentRunRecord, AgentRunResult, FailedTagRecord, ScheduleRecord, WatchRecord } from './agent-records';
import { RecordProblem, type RecordFields } from './record-fields';

const results: readonly AgentRunResult[] = ['succeeded', 'failed', 'conflict', 'skipped', 'interrupted', 'up-to-date'];
const agentStates = ['running', 'stopped', 'once'] as const;
const triggers = ['cron', 'once', 'poll'] as const;

/** `docker-flow/_agent/<project>/schedules/<name>`; `by` may be missing (written as ''). */
export function parseScheduleRecord(fields: RecordFields): ScheduleRecord {
  const timezone = fields.optionalString('timezone');
  const nextRun = fields.optionalString('nextRun');
  const lastRun = fields.optionalObject('lastRun', parseRun);
  const lastCheckedAt = fields.optionalString('lastCheckedAt');
  const lastSkippedAt = fields.optionalString('lastSkippedAt');
  return {
    name: fields.string('name'),
    cron: fields.string('cron'),
    agent: fields.oneOf('agent', agentStates),
    by: fields.optionalString('by') ?? '',
    ...(timezone === undefined ? {} : { timezone }),
    ...(nextRun === undefined ? {} : { nextRun }),
    ...(lastRun === undefined ? {} : { lastRun }),
    ...(lastCheckedAt === undefined ? {} : { lastCheckedAt }),
    ...(lastSkippedAt === undefined ? {} : { lastSkippedAt }),
  };
}

/** `docker-flow/_agent/<project>/watch/<service>`; `by` and `intervalMs` may be missing ('' and 0). */
export function parseWatchRecord(fields: RecordFields): WatchRecord {
  const nextPollAt = fields.optionalString('nextPollAt');
  const lastPoll = fields.optionalObject('lastPoll', (poll) => {
    const tag = poll.optionalString('tag');
    return { ...parseRun(poll), ...(tag === undefined ? {} : { tag }) };
  });
  return {
    service: fields.string('service'),
    image: fields.string('image'),
    agent: fields.oneOf('agent', agentStates),
    by: fields.optionalString('by') ?? '',
    intervalMs: fields.optionalInteger('intervalMs', 0) ?? 0,
    ...(nextPollAt === undefined ? {} : { nextPollAt }),
    ...(lastPoll === undefined ? {} : { lastPoll }),
  };
}

/** `docker-flow/<service>/agent/failed-tags`: `{ tags: [{ tag, at, error }] }`. */
export function parseFailedTags(fields: RecordFields): readonly FailedTagRecord[] {
  return fields.list('tags', (item, value, path) => {
    if (item === undefined) throw new RecordProblem(path, 'an object', value);
    return { tag: item.string('tag'), at: item.string('at'), error: item.optionalString('error') ?? '' };
  });
}

function parseRun(fields: RecordFields): AgentRunRecord {
  return {
    startedAt: fields.string('startedAt'),
    finishedAt: fields.string('finishedAt'),
    result: fields.oneOf('result', results),
    message: fields.optionalString('message') ?? '',
    trigger: fields.oneOf('trigger', triggers),
  };
}
