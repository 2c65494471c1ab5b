import { errorCode } from '../../errors';
import { connectionCodes, consulMessage, flag, statusCode } from './consul-errors';

/** What a failed Consul request means for retrying it. */
export interface ConsulFailureKind {
  /** Worth trying again: no leader (an election), a follower's 5xx, an agent that did not answer. */
  readonly transient: boolean;
  /** The agent itself did not answer (refused, reset, closed, timed out): the next agent is tried at once. */
  readonly agentDown: boolean;
  /** For the timeline: "Consul has no leader", "Consul at ... did not answer (ECONNREFUSED)". */
  readonly reason: string;
}

/** What Consul's servers answer while they elect a leader or a follower lost it. Other 500s (bad session, missing node) are final. */
const electionMessages = /no cluster leader|leadership lost|not the leader|no known leader|rpc error|stream closed|timed out enqueuing|raft is already shutdown|EOF|i\/o timeout|connection (refused|reset)/i;

export function classifyConsulFailure(error: unknown, agent: string): ConsulFailureKind {
  const status = statusCode(error);
  const message = consulMessage(error);
  if (flag(error, 'isTimeout')) return { transient: true, agentDown: true, reason: `Consul at ${agent} did not answer in time` };
  if (status === undefined) {
    const code = errorCode(error);
    const down = (code !== undefined && connectionCodes.has(code)) || /socket hang up|other side closed|ECONNRESET/i.test(message);
    return { transient: down, agentDown: down, reason: `Consul at ${agent} did not answer (${code ?? message})` };
  }
  if (/no cluster leader|no known leader/i.test(message)) return { transient: true, agentDown: false, reason: 'Consul has no leader' };
  const transient = status === 429 || status === 502 || status === 503 || status === 504 || (status >= 500 && electionMessages.test(message));
  return { transient, agentDown: false, reason: `Consul at ${agent} answered "${message}" (HTTP ${status})` };
}

/** Delay before retry number `attempt` (0-based): 250 ms doubling to 2 s, so an election of 10-20 s is noticed within 2 s of its end. */
export function consulRetryDelayMs(attempt: number): number {
  return Math.min(2_000, 250 * 2 ** Math.max(0, attempt));
}

/** "Consul has no leader; retrying (8 s of 30 s)" */
export function retryNote(reason: string, elapsedMs: number, boundMs: number): string {
  return `${reason}; retrying (${Math.round(elapsedMs / 1000)} s of ${Math.round(boundMs / 1000)} s)`;
}
