import { runShell } from '../adapters/process/run-shell';
import { OutputLines } from '../apply/output-lines';
import { formatDuration } from '../config/parse-option-duration';
import { hookEnvironment, type ReleaseFacts, type ReleaseOutcome } from '../domain/release-facts';
import type { HookName } from '../domain/release-effects';
import { FlowFailedError } from '../errors';
import type { FlowContext } from './flow-context';

export interface HookRun {
  readonly facts: ReleaseFacts;
  readonly result: ReleaseOutcome;
  /** The deploy's error, for on_failure (DOCKER_FLOW_ERROR). */
  readonly error?: string;
  readonly signal: AbortSignal;
}

/**
 * Runs one command of a hook on this machine with `sh -c` in the project folder, with docker-flow's
 * environment plus the DOCKER_FLOW_* variables. Output goes to the log line by line. A command that
 * fails (non-zero exit, killed, timeout) throws a FlowFailedError naming the hook, the command, how
 * it ended and its last output lines. The plan runs a hook's commands in order (hook steps).
 */
export async function runHookCommand(ctx: FlowContext, name: HookName, command: string, run: HookRun): Promise<void> {
  const hooks = ctx.options.hooks;
  const env = { ...ctx.env, ...hookEnvironment(run.facts, run.result, run.error) };
  const log = ctx.logger.child({ hook: name });
  const output = new OutputLines((line) => log.info(`  │ ${line}`, { output: line }));
  const result = await runShell({ command, cwd: hooks.workingDir, env, timeoutMs: hooks.timeoutMs, onOutput: (chunk) => output.push(chunk) }, run.signal);
  output.end();
  if (result.exitCode === 0 && !result.timedOut) return;
  const how = result.timedOut
    ? `did not finish within ${formatDuration(hooks.timeoutMs)} and was stopped`
    : result.exitCode === undefined ? `was ended by ${result.signal ?? 'a signal'}` : `exited with code ${result.exitCode}`;
  throw new FlowFailedError(`${name} hook ${JSON.stringify(command)} ${how} (in ${hooks.workingDir})${output.summary()}`, {
    hint: result.timedOut ? 'make the hook finish sooner or give it more time with hooks.timeout in docker-flow.yml' : `run the command by hand to see why it fails: cd ${hooks.workingDir} && ${command}`,
  });
}
