import { planScale, type ScalePlan } from '../domain/plan-scale';
import type { FlowContext } from './flow-context';
import { runPlan, targetPlanInput, type FlowState } from './execute';
import type { LoadedTarget } from './load-target';

/** `--flow=scale`: changes the instance count of the live release (+N, -N or N). */
export async function scaleFlow(ctx: FlowContext, loaded: LoadedTarget, state: FlowState): Promise<ScalePlan> {
  const plan = planScale({ ...targetPlanInput(ctx, loaded, state), scale: ctx.options.scale });
  await runPlan(ctx, loaded, plan, state.snapshot);
  return plan;
}
