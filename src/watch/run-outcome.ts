import type { FlowOptions } from '../config/flow-options';
import type { AgentRunResult } from '../domain/agent-records';
import { formatScale } from '../domain/scale';
import { ConflictError, DockerFlowError, EngineError, ExitCode, FlowFailedError, InterruptedError, ProxyError, stackOf } from '../errors';

/** How one automated run ended, for the log, the agent's records and `agent --once`'s exit status. */
export interface RunOutcome {
  readonly result: AgentRunResult;
  readonly message: string;
  /** The error, when the run failed (rethrown by `agent --once` for its exit status). */
  readonly error?: DockerFlowError;
  /** A bug (an error that is not docker-flow's own): never blamed on the image. */
  readonly internal?: true;
}

/**
 * Classifies a run's error: another deploy holding the lock is a conflict (tried again at the next
 * tick), an interruption is not a failure of the release, everything else failed. Errors that are
 * not docker-flow's own are bugs and keep their stack in the message.
 */
export function outcomeOf(error: unknown, signal: AbortSignal): RunOutcome {
  if (error instanceof ConflictError) return { result: 'conflict', message: error.message, error };
  if (error instanceof InterruptedError || signal.aborted) {
    const interrupted = error instanceof DockerFlowError ? error : new InterruptedError(`interrupted: ${String(error)}`, { cause: error });
    return { result: 'interrupted', message: interrupted.message, error: interrupted };
  }
  if (error instanceof DockerFlowError) return { result: 'failed', message: error.message, error };
  const bug = new FlowFailedError(`internal error: ${stackOf(error)}`, { cause: error, hint: 'this is a bug in docker-flow; please report it with the agent log' });
  return { result: 'failed', message: bug.message, error: bug, internal: true };
}

/** Whether a failed deploy is the tag's fault (unhealthy, would not start, missing image, refused by the proxy), so the tag is remembered and not retried. */
export function blamesTheImage(outcome: RunOutcome): boolean {
  const error = outcome.error;
  if (outcome.result !== 'failed' || error === undefined || outcome.internal === true) return false;
  return error instanceof FlowFailedError || error instanceof EngineError || error instanceof ProxyError || error.exitCode === ExitCode.flowFailed;
}

/** `scale +2 + proxy`, `deploy + proxy + stop-old`: what a run does, for messages. */
export function describeRun(options: FlowOptions): string {
  return options.flows.map((flow) => (flow === 'scale' && options.scale !== undefined ? `scale ${formatScale(options.scale)}` : flow)).join(' + ');
}
