import { canarySettingsOf, type FlowName } from '../config/flow-options';
import { checkCanaryFlows } from '../config/check-canary-rules';
import { canaryFlow } from './canary';
import { settleAbandonedCanary } from './settle-abandoned-canary';
import type { Color } from '../domain/color';
import type { StoredServiceState } from '../domain/cluster-view';
import { describePlan, usesProxy, type Plan } from '../domain/plan';
import { deployFlow } from './deploy';
import { readFlowState, type FlowState } from './execute';
import type { FlowContext } from './flow-context';
import { loadTarget, type LoadedTarget, type LoadTargetInput } from './load-target';
import { proxyFlow } from './proxy';
import { scaleFlow } from './scale';
import { settleAbandonedReleases } from './settle-abandoned-releases';
import { settleInterruptedSwitch } from './settle-interrupted-switch';
import { underLock } from './while-locked';
import { stopOldFlow } from './stop-old';

/**
 * Runs the flows in the order given (SPEC §1). First every flow is planned against the state as it
 * would be after the flows before it (pure), so bad input is refused before anything is touched;
 * `--dry-run` prints those plans and stops there. Then, holding the service's deploy lock, each
 * flow is planned again on fresh state and applied.
 */
export async function runFlows(ctx: FlowContext, input: LoadTargetInput = {}): Promise<void> {
  checkCanaryFlows(ctx.options, (field) => ctx.optionSources?.[field] ?? `--${field === 'canarySteps' ? 'canary-steps' : 'canary-weight'}`);
  const loaded = await loadTarget(ctx, input);
  const initial = await readFlowState(ctx, loaded);
  const preview = await previewPlans(ctx, loaded, initial);
  if (ctx.options.dryRun) {
    for (const plan of preview) for (const line of describePlan(plan)) ctx.print(line);
    ctx.print('dry run: nothing was changed');
    return;
  }
  // while the deploy pulls, starts and waits for health, the proxy's first-time work is done off the switch's path
  if (preview.some(usesProxy)) prepareProxy(ctx);
  await underLock(ctx, loaded.service, ctx.options.flows.join('+'), async (ctx) => {
    let deployed: Color | undefined;
    let state = await readFlowState(ctx, loaded);
    if (await settleAbandonedReleases(ctx, loaded, state)) state = await readFlowState(ctx, loaded);
    if (await settleInterruptedSwitch(ctx, state.snapshot)) state = await readFlowState(ctx, loaded);
    if (await settleAbandonedCanary(ctx, loaded, state.snapshot)) state = await readFlowState(ctx, loaded);
    for (const flow of ctx.options.flows) {
      const outcome = await runOne(ctx, loaded, state, flow, deployed);
      deployed = outcome.deployed ?? deployed;
      state = await readFlowState(ctx, loaded);
    }
  });
}

/** Starts ProxyGateway.prepare without waiting for it; what fails there fails again, and is reported, where the proxy is used. */
function prepareProxy(ctx: FlowContext): void {
  void Promise.resolve()
    .then(async () => ctx.proxy().prepare(ctx.signal))
    .catch(() => undefined);
}

interface Outcome {
  readonly plan: Plan;
  /** The colour `deploy` started, for the `proxy` and `stop-old` flows after it. */
  readonly deployed?: Color;
}

async function runOne(ctx: FlowContext, loaded: LoadedTarget, state: FlowState, flow: FlowName, deployed: Color | undefined): Promise<Outcome> {
  switch (flow) {
    case 'deploy': {
      const plan = await deployFlow(ctx, loaded, state);
      return plan.color === undefined ? { plan } : { plan, deployed: plan.color };
    }
    case 'scale':
      return { plan: await scaleFlow(ctx, loaded, state) };
    case 'proxy':
      return { plan: await proxyOrCanary(ctx, loaded, state, deployed) };
    case 'stop-old':
      return { plan: await stopOldFlow(ctx, loaded, state, deployed) };
  }
}

/**
 * The proxy flow, or a stepped canary when --canary-steps asks for one and the proxy moves from one
 * colour to the other (a first route has nothing to compare with: it is routed at once, and said so).
 */
async function proxyOrCanary(ctx: FlowContext, loaded: LoadedTarget, state: FlowState, deployed: Color | undefined): Promise<Plan> {
  const settings = canarySettingsOf(ctx.options);
  const fresh = deployed ?? state.snapshot.state.color;
  const old = state.snapshot.state.routedColor;
  if (settings === undefined) return proxyFlow(ctx, loaded, state, deployed);
  if (fresh === undefined || old === undefined || fresh === old) {
    if (!ctx.options.dryRun) ctx.progress({ type: 'note', message: `--canary-steps: ${loaded.service} has no other colour serving to compare with, so ${fresh ?? 'it'} is routed at once` });
    return proxyFlow(ctx, loaded, state, deployed);
  }
  if (ctx.options.dryRun) {
    ctx.print(`canary ${loaded.service}: ${fresh} at ${settings.steps.join(' %, ')} % of the requests (the rest to ${old}), each step watched ${Math.round(settings.intervalMs / 100) / 10} s and judged; 100 % promotes, as routed below`);
    // the plan of the promotion: what the flows after it (stop-old) start from
    return proxyFlow(ctx, loaded, state, deployed);
  }
  return canaryFlow(ctx, loaded, state, fresh, old, settings);
}

/** Plans every flow without running any, carrying forward what each would record. */
async function previewPlans(ctx: FlowContext, loaded: LoadedTarget, initial: FlowState): Promise<readonly Plan[]> {
  const dry: FlowContext = { ...ctx, options: { ...ctx.options, dryRun: true }, print: () => undefined };
  const plans: Plan[] = [];
  let stored: StoredServiceState = initial.snapshot.state;
  let deployed: Color | undefined;
  for (const flow of ctx.options.flows) {
    const state: FlowState = { ...initial, snapshot: { ...initial.snapshot, state: stored } };
    const outcome = await runOne(dry, loaded, state, flow, deployed);
    plans.push(outcome.plan);
    stored = { ...stored, ...recorded(outcome.plan, flow) };
    deployed = outcome.deployed ?? deployed;
  }
  return plans;
}

/** What a flow's plan would write: its commit step (colour, scale) and its route step (routed colour, paths). */
function recorded(plan: Plan, flow: FlowName): Partial<StoredServiceState> {
  const steps = plan.phases.flatMap((p) => p.steps);
  const change: { color?: Color; scale?: number; routedColor?: Color; routedPaths?: readonly string[] } = {};
  for (const step of steps) {
    if (step.kind === 'commit') {
      if (step.color !== undefined) change.color = step.color;
      change.scale = step.scale;
    }
    if (step.kind === 'route' && flow === 'proxy') {
      if (step.route.color !== undefined) change.routedColor = step.route.color;
      change.routedPaths = step.route.paths;
    }
  }
  return change;
}
