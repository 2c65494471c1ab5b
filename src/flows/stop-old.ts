import type { Color } from '../domain/color';
import { planStopOld } from '../domain/plan-stop-old';
import type { Plan } from '../domain/plan';
import type { FlowContext } from './flow-context';
import { runPlan, type FlowState } from './execute';
import type { LoadedTarget } from './load-target';

/** `--flow=stop-old`: stops (keeps) the colour that is not live, after draining it on the proxy. */
export async function stopOldFlow(ctx: FlowContext, loaded: LoadedTarget, state: FlowState, liveColor: Color | undefined): Promise<Plan> {
  const plan = planStopOld({
    project: loaded.project,
    target: loaded.target,
    spec: loaded.spec,
    view: state.view,
    stored: state.snapshot.state,
    liveColor: liveColor ?? state.snapshot.state.color,
    drainMs: ctx.options.drainMs,
  });
  await runPlan(ctx, loaded, plan, state.snapshot);
  return plan;
}
