import type { Color } from '../domain/color';
import { routedPort } from '../domain/container-spec';
import type { Plan } from '../domain/plan';
import { planProxy } from '../domain/plan-proxy';
import type { FlowContext } from './flow-context';
import { runPlan, type FlowState } from './execute';
import type { LoadedTarget } from './load-target';

/** `--flow=proxy`: points the proxy at the release and waits until it serves it. */
export async function proxyFlow(ctx: FlowContext, loaded: LoadedTarget, state: FlowState, deployedColor: Color | undefined): Promise<Plan> {
  const plan = planProxy({
    service: loaded.service,
    project: loaded.project,
    target: loaded.target,
    blueGreen: ctx.options.blueGreen,
    stored: state.snapshot.state,
    deployedColor,
    paths: ctx.options.servicePaths,
    port: routedPort(loaded.spec),
    ...(loaded.spec.networkMode === undefined ? {} : { networkMode: loaded.spec.networkMode }),
    ...(ctx.options.canaryWeight === undefined ? {} : { canaryWeight: ctx.options.canaryWeight }),
  });
  await runPlan(ctx, loaded, plan, state.snapshot);
  return plan;
}
