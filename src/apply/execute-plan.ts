import { DockerFlowError, FlowFailedError, InterruptedError } from '../errors';
import { describeStep, type Plan, type PlanStep } from '../domain/plan';
import type { Clock } from '../clock';
import type { ProgressSink } from './progress';

export type StepRunner = (step: PlanStep, signal: AbortSignal) => Promise<void>;

export interface ExecuteOptions {
  readonly run: StepRunner;
  readonly progress: ProgressSink;
  readonly clock: Clock;
  readonly signal: AbortSignal;
  /** Time the on-failure steps get even after Ctrl-C. */
  readonly cleanupTimeoutMs?: number;
  /** Steps of one phase running at once. */
  readonly concurrency?: number;
}

/**
 * Walks the phases in order; the steps of a phase run concurrently (bounded). At the first phase
 * with a failure, every failure of that phase is collected, the plan's on-failure steps run (with
 * a fresh signal, so Ctrl-C still cleans up), and one error reports them all.
 */
export async function executePlan(plan: Plan, options: ExecuteOptions): Promise<void> {
  options.progress({ type: 'plan', title: plan.title });
  for (const phase of plan.phases) {
    options.progress({ type: 'phase', title: phase.title });
    const failures = await runAll(phase.steps, options, options.signal);
    if (failures.length === 0) continue;
    const cleanup = AbortSignal.timeout(options.cleanupTimeoutMs ?? 120_000);
    const cleanupFailures = plan.onFailure.length === 0 ? [] : (options.progress({ type: 'phase', title: 'undo' }), await runAll(plan.onFailure, options, cleanup));
    throw combine(plan, failures, cleanupFailures, options.signal.aborted);
  }
}

interface StepFailure {
  readonly step: PlanStep;
  readonly error: unknown;
}

async function runAll(steps: readonly PlanStep[], options: ExecuteOptions, signal: AbortSignal): Promise<readonly StepFailure[]> {
  const failures: StepFailure[] = [];
  const queue = [...steps];
  const worker = async (): Promise<void> => {
    for (let step = queue.shift(); step !== undefined; step = queue.shift()) {
      const text = describeStep(step);
      const started = options.clock.now();
      options.progress({ type: 'step-start', step: text });
      try {
        if (signal.aborted) throw new InterruptedError('interrupted before it started');
        await options.run(step, signal);
        options.progress({ type: 'step-done', step: text, durationMs: options.clock.now() - started });
      } catch (error) {
        failures.push({ step, error });
        options.progress({ type: 'step-failed', step: text, durationMs: options.clock.now() - started, error: messageOf(error) });
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(options.concurrency ?? 8, steps.length)) }, worker));
  return failures;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function combine(plan: Plan, failures: readonly StepFailure[], cleanup: readonly StepFailure[], interrupted: boolean): DockerFlowError {
  const first = failures[0]?.error;
  const lines = failures.map((f) => messageOf(f.error));
  const undo = plan.onFailure.length === 0 ? '' : cleanup.length === 0 ? '; undone: ' + plan.onFailure.map(describeStep).join(', ') : `; undo incomplete: ${cleanup.map((c) => messageOf(c.error)).join('; ')}`;
  const message = `${plan.title} failed: ${lines.join('; ')}${undo}`;
  const hint = first instanceof DockerFlowError ? first.hint : undefined;
  const options = { ...(hint === undefined ? {} : { hint }), cause: first };
  if (interrupted) return new InterruptedError(message, options);
  if (failures.length === 1 && first instanceof DockerFlowError && !(first instanceof FlowFailedError)) {
    // keep the category (unreachable, proxy, conflict: the exit code) and add the plan's context
    first.message = message;
    return first;
  }
  return new FlowFailedError(message, options);
}
