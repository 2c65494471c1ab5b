import { runShell } from '../adapters/process/run-shell';
import { OutputLines } from '../apply/output-lines';
import { formatDuration } from '../config/parse-option-duration';
import { hookEnvironment, type ReleaseFacts, type ReleaseOutcome } from '../domain/release-facts';
import type { HookName } from '../domain/release-effects';
import { FlowFailedError, messageOf } from '../errors';
import { canaryEnvironment } from '../domain/canary-report';
import type { CanaryReport } from '../domain/notification';
import type { FlowContext } from './flow-context';

/** Hooks of a stepped canary (docker-flow.yml `hooks:`), run by the canary walker itself. */
export type CanaryHookName = 'canary_step' | 'canary_promoted' | 'canary_aborted';

const canaryHookFields = { canary_step: 'canaryStep', canary_promoted: 'canaryPromoted', canary_aborted: 'canaryAborted' } as const;

export interface HookRun {
  readonly facts: ReleaseFacts;
  readonly result: ReleaseOutcome;
  /** The deploy's error, for on_failure (DOCKER_FLOW_ERROR). */
  readonly error?: string;
  readonly signal: AbortSignal;
  /** Canary hooks: the step and its figures (DOCKER_FLOW_CANARY_*). */
  readonly canary?: CanaryReport;
}

/**
 * Runs one command of a hook on this machine with `sh -c` in the project folder, with docker-flow's
 * environment plus the DOCKER_FLOW_* variables. Output goes to the log line by line. A command that
 * fails (non-zero exit, killed, timeout) throws a FlowFailedError naming the hook, the command, how
 * it ended and its last output lines. The plan runs a hook's commands in order (hook steps).
 */
export async function runHookCommand(ctx: FlowContext, name: HookName | CanaryHookName, command: string, run: HookRun): Promise<void> {
  const hooks = ctx.options.hooks;
  const env = { ...ctx.env, ...hookEnvironment(run.facts, run.result, run.error), ...(run.canary === undefined ? {} : canaryEnvironment(run.canary)) };
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

/** Runs the commands of a canary hook in order, each a step of the timeline; the first that fails stops the hook with its error. */
export async function runCanaryHook(ctx: FlowContext, name: CanaryHookName, run: HookRun): Promise<void> {
  const commands = ctx.options.hooks[canaryHookFields[name]];
  if (commands.length === 0) return;
  ctx.progress({ type: 'phase', title: `${name} hook` });
  for (const command of commands) {
    const text = `run ${name} hook ${JSON.stringify(command)}`;
    const started = ctx.clock.now();
    ctx.progress({ type: 'step-start', step: text });
    try {
      await runHookCommand(ctx, name, command, run);
    } catch (error) {
      ctx.progress({ type: 'step-failed', step: text, durationMs: ctx.clock.now() - started, error: messageOf(error) });
      throw error;
    }
    ctx.progress({ type: 'step-done', step: text, durationMs: ctx.clock.now() - started });
  }
}
