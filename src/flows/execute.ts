import { executePlan } from '../apply/execute-plan';
import { stepRunner } from '../apply/run-step';
import type { ClusterView } from '../domain/cluster-view';
import { routedPort } from '../domain/container-spec';
import { withTemplatesInUse } from '../domain/custom-templates';
import { describePlan, type Plan } from '../domain/plan';
import type { TargetPlanInput } from '../domain/plan-helpers';
import type { ServiceSnapshot } from '../store/service-store';
import type { FlowContext } from './flow-context';
import { readCluster, requireSomeHost } from './gather-cluster';
import type { LoadedTarget } from './load-target';

/** Where a flow starts from: stored state and the cluster as seen now. */
export interface FlowState {
  readonly snapshot: ServiceSnapshot;
  readonly view: ClusterView;
}

export async function readFlowState(ctx: FlowContext, loaded: LoadedTarget): Promise<FlowState> {
  const images = [loaded.spec.image, ...loaded.sideSpecs.map((s) => s.image)];
  const [snapshot, gathered] = await Promise.all([
    ctx.store.read(loaded.service, ctx.signal),
    readCluster(ctx.engines, loaded.project, images, ctx.signal),
  ]);
  requireSomeHost(gathered);
  const { view } = gathered;
  const state = withTemplatesInUse(snapshot.state, { frontend: ctx.options.consulTemplateFePath, backend: ctx.options.consulTemplateBePath });
  const told = toldSilent.get(ctx.progress) ?? new Set<string>();
  toldSilent.set(ctx.progress, told);
  for (const u of view.unreachable) {
    if (told.has(u.host)) continue;
    told.add(u.host);
    ctx.progress({ type: 'note', message: `host ${u.host} did not answer (${u.reason}); this run uses only ${view.hosts.map((h) => h.name).join(', ')}` });
  }
  for (const c of snapshot.corrupt) {
    if (told.has(c.key)) continue;
    told.add(c.key);
    ctx.progress({ type: 'note', message: `${c.key} in the ${ctx.store.description} ${c.reason}; this run reads the state without it and leaves it as it is` });
  }
  return { snapshot: { ...snapshot, state }, view };
}

/**
 * Silent hosts and corrupt records already reported during one command, so each note is given once.
 * Keyed by the command's progress sink: the locked context of a run has a signal of its own but keeps it.
 */
const toldSilent = new WeakMap<FlowContext['progress'], Set<string>>();

/** The planner input of the target (deploy, scale) from the options, the loaded target and the state. */
export function targetPlanInput(ctx: FlowContext, loaded: LoadedTarget, state: FlowState): TargetPlanInput {
  const o = ctx.options;
  const port = routedPort(loaded.spec);
  return {
    project: loaded.project,
    target: loaded.target,
    blueGreen: o.blueGreen,
    model: loaded.model,
    view: state.view,
    stored: state.snapshot.state,
    healthTimeoutMs: o.healthTimeoutMs,
    settleMs: o.settleMs,
    drainMs: o.drainMs,
    ...(port === undefined ? {} : { routedPort: port }),
  };
}

/** Runs a plan, or with --dry-run prints it and changes nothing. */
export async function runPlan(ctx: FlowContext, loaded: LoadedTarget, plan: Plan, snapshot: ServiceSnapshot): Promise<void> {
  if (ctx.options.dryRun) {
    for (const line of describePlan(plan)) ctx.print(line);
    return;
  }
  await applyPlan(ctx, loaded.project, plan, snapshot);
}

/** Runs a plan's steps with the real adapters (no dry-run check). */
export async function applyPlan(ctx: FlowContext, project: string, plan: Plan, snapshot: ServiceSnapshot): Promise<void> {
  const runner = stepRunner({ engines: ctx.engines, store: ctx.store, snapshot, proxy: ctx.proxy, clock: ctx.clock, project, logger: ctx.logger, ...(ctx.catalog === undefined ? {} : { catalog: ctx.catalog }) });
  const guard = ctx.lockGuard;
  await executePlan(plan, {
    // Never act unlocked: after a lost lock, only the undo runs, and only once the lock is taken again.
    run: guard === undefined ? runner : async (step, signal) => {
      await guard.ensureHeld(signal);
      await runner(step, signal);
    },
    progress: ctx.progress,
    clock: ctx.clock,
    signal: ctx.signal,
  });
}
