import { routedPort } from '../domain/container-spec';
import { planScale, type ScalePlan } from '../domain/plan-scale';
import type { FlowContext } from './flow-context';
import { runPlan, type FlowState } from './execute';
import type { LoadedTarget } from './load-target';

/** `--flow=scale`: changes the instance count of the live release (+N, -N or N). */
export async function scaleFlow(ctx: FlowContext, loaded: LoadedTarget, state: FlowState): Promise<ScalePlan> {
  const o = ctx.options;
  const port = routedPort(loaded.spec);
  const plan = planScale({
    project: loaded.project,
    target: loaded.target,
    blueGreen: o.blueGreen,
    model: loaded.model,
    view: state.view,
    stored: state.snapshot.state,
    scale: o.scale,
    healthTimeoutMs: o.healthTimeoutMs,
    settleMs: o.settleMs,
    drainMs: o.drainMs,
    ...(port === undefined ? {} : { routedPort: port }),
  });
  await runPlan(ctx, loaded, plan, state.snapshot);
  return plan;
}
