import { ConflictError, DockerFlowError, ExitCode, FlowFailedError, InterruptedError, messageOf, withContext } from '../errors';
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
  /** Steps of one phase running at once, in all (default 64). */
  readonly concurrency?: number;
  /** Steps of one phase running at once on one host (default 8). */
  readonly perHostConcurrency?: number;
}

/**
 * Walks the phases in order; the steps of a phase run concurrently (on every host at once, a few per host). At the first phase
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
    throw combine(plan, failures, cleanupFailures, options.signal);
  }
}

interface StepFailure {
  readonly step: PlanStep;
  readonly error: unknown;
}

async function runAll(steps: readonly PlanStep[], options: ExecuteOptions, signal: AbortSignal): Promise<readonly StepFailure[]> {
  const failures: StepFailure[] = [];
  const runOne = async (step: PlanStep): Promise<void> => {
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
  };
  await runBounded(steps, runOne, { total: options.concurrency ?? defaultConcurrency.total, perHost: options.perHostConcurrency ?? defaultConcurrency.perHost });
  return failures;
}

/** Every host at once, a few steps per host (one engine is not flooded), and a ceiling for the whole phase. */
export const defaultConcurrency = { total: 64, perHost: 8 } as const;

/**
 * Runs `run` on each step, in plan order as far as the bounds allow: at most `perHost` steps of one
 * host at once, at most `total` in all. A step of a host at its bound waits; steps of other hosts
 * behind it go first. `run` must not reject.
 */
async function runBounded(steps: readonly PlanStep[], run: (step: PlanStep) => Promise<void>, bounds: { readonly total: number; readonly perHost: number }): Promise<void> {
  const waiting = [...steps];
  const busy = new Map<string, number>();
  const hostOf = (step: PlanStep): string | undefined => ('host' in step ? step.host : undefined);
  const free = (step: PlanStep): boolean => {
    const host = hostOf(step);
    return host === undefined || (busy.get(host) ?? 0) < Math.max(1, bounds.perHost);
  };
  const adjust = (step: PlanStep, by: number): void => {
    const host = hostOf(step);
    if (host !== undefined) busy.set(host, (busy.get(host) ?? 0) + by);
  };
  let running = 0;
  await new Promise<void>((resolve) => {
    const pump = (): void => {
      while (running < Math.max(1, bounds.total)) {
        const next = waiting.findIndex(free);
        if (next < 0) break;
        const [step] = waiting.splice(next, 1);
        if (step === undefined) break;
        running += 1;
        adjust(step, 1);
        void run(step).finally(() => {
          running -= 1;
          adjust(step, -1);
          pump();
        });
      }
      if (running === 0 && waiting.length === 0) resolve();
    };
    pump();
  });
}

/**
 * The exit status of several failures: when they are all of one class, that class's; when they
 * differ, the most specific by this order: conflict (3: someone else changed the state), unreachable
 * (4: a system did not answer), proxy (5), then a failed flow (1). Ctrl-C (130) or the reason the run
 * was stopped (a lost deploy lock: 3) comes before all of them.
 */
export const exitPrecedence: readonly ExitCode[] = [ExitCode.conflict, ExitCode.unreachable, ExitCode.proxyFailed, ExitCode.flowFailed];

function exitCodeOf(error: unknown): ExitCode {
  return error instanceof DockerFlowError ? error.exitCode : ExitCode.flowFailed;
}

function combine(plan: Plan, failures: readonly StepFailure[], cleanup: readonly StepFailure[], stopped: AbortSignal): DockerFlowError {
  const rank = (failure: StepFailure): number => {
    const position = exitPrecedence.indexOf(exitCodeOf(failure.error));
    return position < 0 ? exitPrecedence.length : position;
  };
  const ordered = [...failures].sort((a, b) => rank(a) - rank(b));
  const decisive = ordered[0]?.error;
  const others = ordered.slice(1).map((f) => `; ${messageOf(f.error)}`).join('');
  const undo = plan.onFailure.length === 0 ? '' : cleanup.length === 0 ? '; undone: ' + plan.onFailure.map(describeStep).join(', ') : `; undo incomplete: ${cleanup.map((c) => messageOf(c.error)).join('; ')}`;
  const context = { before: `${plan.title} failed: `, after: `${others}${undo}` };
  const reason: unknown = stopped.reason;
  if (stopped.aborted) {
    // Stopped from outside: Ctrl-C, or the deploy lock was lost (the reason says which).
    const why = reason instanceof DockerFlowError && !(reason instanceof InterruptedError) ? reason : undefined;
    const message = `${context.before}${why === undefined ? '' : `${why.message}; `}${failures.map((f) => messageOf(f.error)).join('; ')}${undo}`;
    const hint = why?.hint ?? (decisive instanceof DockerFlowError ? decisive.hint : undefined);
    const options = { ...(hint === undefined ? {} : { hint }), cause: why ?? decisive };
    return why instanceof ConflictError ? new ConflictError(message, options) : new InterruptedError(message, options);
  }
  if (decisive instanceof DockerFlowError) return withContext(decisive, context);
  return new FlowFailedError(`${context.before}${messageOf(decisive)}${context.after}`, { cause: decisive });
}
