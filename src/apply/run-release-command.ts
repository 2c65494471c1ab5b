import type { DockerEngine } from '../ports/docker-engine';
import type { PlanStep } from '../domain/plan';
import { commandText } from '../domain/release-command';
import { FlowFailedError } from '../errors';
import type { Logger } from '../logger';
import { OutputLines } from './output-lines';

export type ReleaseCommandStep = Extract<PlanStep, { readonly kind: 'release-command' }>;

/**
 * Runs the release command once (DockerEngine.runOnce removes the container afterwards), streams
 * each output line to the log at info, and fails with the command, the exit code (or the timeout)
 * and the last output lines when it does not exit 0.
 */
export async function runReleaseCommand(engine: DockerEngine, step: ReleaseCommandStep, logger: Logger, signal: AbortSignal): Promise<void> {
  const command = commandText(step.spec.command ?? []);
  const log = logger.child({ step: 'release-command', host: step.host, container: step.spec.name });
  const output = new OutputLines((line) => log.info(`  │ ${line}`, { output: line }));
  const nextStep = 'nothing was started or switched; fix the command or the image and deploy again (its full output is in the log above)';
  let exitCode: number;
  try {
    exitCode = (await engine.runOnce(step.spec, (chunk) => output.push(chunk), step.timeoutMs, signal)).exitCode;
  } catch (error) {
    output.end();
    if (!(error instanceof FlowFailedError)) throw error;
    throw new FlowFailedError(`release command ${command} from ${step.spec.image} on ${step.host} failed: ${error.message}${output.summary()}`, {
      hint: `${nextStep}; a slow command can get more time with --release-command-timeout`,
      cause: error,
    });
  }
  output.end();
  if (exitCode !== 0) {
    throw new FlowFailedError(`release command ${command} from ${step.spec.image} on ${step.host} exited with code ${exitCode}${output.summary()}`, { hint: nextStep });
  }
}
