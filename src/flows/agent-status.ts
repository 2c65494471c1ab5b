import type { AgentRunRecord, FailedTagRecord, ScheduleRecord, WatchRecord } from '../domain/agent-records';
import type { CorruptRecord } from '../domain/stored-record';
import { AgentStore } from '../store/agent-store';
import type { FlowContext } from './flow-context';

/** What `docker-flow agent` recorded for the project: its schedules and watched images, with the tags that failed. */
export interface AgentStatus {
  readonly schedules: readonly ScheduleRecord[];
  readonly watches: readonly (WatchRecord & { readonly failedTags: readonly FailedTagRecord[] })[];
}

/** The agent's records (undefined when no agent ever ran for the project), and those that could not be read. */
export async function readAgentStatus(ctx: FlowContext): Promise<{ readonly agent?: AgentStatus; readonly corrupt: readonly CorruptRecord[] }> {
  const store = new AgentStore(ctx.store.kv);
  const { schedules, watches, corrupt } = await store.read(ctx.options.project, ctx.signal);
  if (schedules.length === 0 && watches.length === 0) return { corrupt };
  const failed = await Promise.all(watches.map(async (w) => store.failedTags(w.service, ctx.signal)));
  return {
    agent: { schedules, watches: watches.map((w, i) => ({ ...w, failedTags: failed[i]?.tags ?? [] })) },
    corrupt: [...corrupt, ...failed.flatMap((f) => f.corrupt)],
  };
}

/** `status` lines: each schedule's next run and last result, each watched image's last poll and failed tags. */
export function formatAgentStatus(agent: AgentStatus): readonly string[] {
  const lines = ['', 'agent'];
  for (const s of agent.schedules) {
    const zone = s.timezone === undefined ? '' : ` ${s.timezone}`;
    lines.push(`  schedule ${s.name}  "${s.cron}"${zone}  next: ${nextOf(s.agent, s.nextRun)}  last: ${lastOf(s.lastRun)}`);
    if (s.lastSkippedAt !== undefined) lines.push(`    last skipped tick (previous run still going): ${s.lastSkippedAt}`);
  }
  for (const w of agent.watches) {
    const every = `every ${Math.round(w.intervalMs / 1000)}s`;
    const tag = w.lastPoll?.tag === undefined ? '' : ` ${w.lastPoll.tag}`;
    lines.push(`  watch ${w.image} → ${w.service}  ${every}  next poll: ${nextOf(w.agent, w.nextPollAt)}  last:${tag} ${lastOf(w.lastPoll)}`);
    for (const f of w.failedTags) lines.push(`    failed tag ${f.tag} (${f.at}), not retried: ${f.error}  (retry: docker-flow agent --retry ${f.tag})`);
  }
  return lines;
}

function nextOf(agent: ScheduleRecord['agent'], next: string | undefined): string {
  if (agent === 'stopped') return '- (agent stopped)';
  return `${next ?? '-'}${agent === 'once' ? ' (agent --once)' : ''}`;
}

function lastOf(run: AgentRunRecord | undefined): string {
  return run === undefined ? '-' : `${run.result} at ${run.finishedAt} (${run.trigger}): ${run.message}`;
}
