import type { Clock } from '../clock';
import { describeEffect, type EffectPhase, type EffectStep } from '../domain/release-effects';
import { messageOf } from '../errors';
import type { ProgressSink } from './progress';

export type EffectRunner = (step: EffectStep, signal: AbortSignal) => Promise<void>;

export interface EffectOptions {
  readonly run: EffectRunner;
  readonly progress: ProgressSink;
  readonly clock: Clock;
  readonly signal: AbortSignal;
}

/**
 * Runs effect phases in order and their steps one after the other, each on the timeline. A
 * best-effort step that fails is reported (✗ with its error) and the next step runs; any other
 * failure stops here and is thrown (the caller says what it means for the release).
 */
export async function runEffects(phases: readonly EffectPhase[], options: EffectOptions): Promise<void> {
  for (const phase of phases) {
    options.progress({ type: 'phase', title: phase.title });
    for (const step of phase.steps) {
      const text = describeEffect(step);
      const started = options.clock.now();
      options.progress({ type: 'step-start', step: text });
      try {
        await options.run(step, options.signal);
        options.progress({ type: 'step-done', step: text, durationMs: options.clock.now() - started });
      } catch (error) {
        options.progress({ type: 'step-failed', step: text, durationMs: options.clock.now() - started, error: messageOf(error) });
        if (!step.bestEffort) throw error;
      }
    }
  }
}
