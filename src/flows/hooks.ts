import { runShell } from '../adapters/process/run-shell';
import { OutputLines } from '../apply/output-lines';
import { formatDuration } from '../config/parse-option-duration';
import type { DeployHooks } from '../config/flow-options';
import { hookEnvironment, type ReleaseFacts, type ReleaseOutcome } from '../domain/release-facts';
import { FlowFailedError, messageOf } from '../errors';
import type { FlowContext } from './flow-context';

export type HookName = 'before_deploy' | 'after_deploy' | 'on_failure';

const fields: Readonly<Record<HookName, keyof Pick<DeployHooks, 'beforeDeploy' | 'afterDeploy' | 'onFailure'>>> = {
  before_deploy: 'beforeDeploy',
  after_deploy: 'afterDeploy',
  on_failure: 'onFailure',
};

export interface HookRun {
  readonly facts: ReleaseFacts;
  readonly result: ReleaseOutcome;
  /** The deploy's error, for on_failure (DOCKER_FLOW_ERROR). */
  readonly error?: string;
  readonly signal: AbortSignal;
}

/**
 * Runs the commands of one hook on this machine, in order, each with `sh -c` in the project folder,
 * with docker-flow's environment plus the DOCKER_FLOW_* variables. Output goes to the log line by
 * line. The first command that fails (non-zero exit, killed, timeout) stops the hook with a
 * FlowFailedError naming the hook, the command, how it ended and its last output lines.
 */
export async function runHook(ctx: FlowContext, name: HookName, run: HookRun): Promise<void> {
  const hooks = ctx.options.hooks;
  const commands = hooks[fields[name]];
  if (commands.length === 0) return;
  ctx.progress({ type: 'phase', title: `${name} hook` });
  const env = { ...ctx.env, ...hookEnvironment(run.facts, run.result, run.error) };
  for (const command of commands) {
    const text = `run ${name} hook ${JSON.stringify(command)}`;
    const log = ctx.logger.child({ hook: name });
    const output = new OutputLines((line) => log.info(`  │ ${line}`, { output: line }));
    const started = ctx.clock.now();
    ctx.progress({ type: 'step-start', step: text });
    const result = await runShell({ command, cwd: hooks.workingDir, env, timeoutMs: hooks.timeoutMs, onOutput: (chunk) => output.push(chunk) }, run.signal).catch((error: unknown) => {
      ctx.progress({ type: 'step-failed', step: text, durationMs: ctx.clock.now() - started, error: messageOf(error) });
      throw error;
    });
    output.end();
    const durationMs = ctx.clock.now() - started;
    if (result.exitCode === 0 && !result.timedOut) {
      ctx.progress({ type: 'step-done', step: text, durationMs });
      continue;
    }
    const how = result.timedOut
      ? `did not finish within ${formatDuration(hooks.timeoutMs)} and was stopped`
      : result.exitCode === undefined ? `was ended by ${result.signal ?? 'a signal'}` : `exited with code ${result.exitCode}`;
    ctx.progress({ type: 'step-failed', step: text, durationMs, error: how });
    throw new FlowFailedError(`${name} hook ${JSON.stringify(command)} ${how} (in ${hooks.workingDir})${output.summary()}`, {
      hint: result.timedOut ? 'make the hook finish sooner or give it more time with hooks.timeout in docker-flow.yml' : `run the command by hand to see why it fails: cd ${hooks.workingDir} && ${command}`,
    });
  }
}
