import { requireTarget } from '../config/load-options';
import { catalogName, serviceName } from '../domain/names';
import { describePlan, type Plan } from '../domain/plan';
import { planRemove } from '../domain/plan-remove';
import type { ServiceSnapshot } from '../store/service-store';
import { applyPlan } from './execute';
import type { FlowContext } from './flow-context';
import { readCluster } from './gather-cluster';
import { underLock } from './while-locked';

export interface RemoveRequest {
  /** --yes: do it; without, print the plan and change nothing. */
  readonly yes: boolean;
  /** --side-targets: remove the side targets (side_targets / --side-target) too. */
  readonly sideTargets: boolean;
  /** --purge: delete the release history too. */
  readonly purge: boolean;
}

/**
 * `docker-flow remove`: gathers what is left of the target (containers on every host, route, catalog
 * entries, keys), plans its removal (planRemove) and, with --yes, applies it under the service's
 * deploy lock, planning again on fresh state. Without --yes (or with --dry-run) it prints the plan.
 */
export async function removeFlow(ctx: FlowContext, request: RemoveRequest): Promise<void> {
  const project = ctx.options.project;
  const target = requireTarget(ctx.options);
  const service = serviceName(project, target);
  const preview = await gatherAndPlan(ctx, project, target, request);
  if (!request.yes || ctx.options.dryRun) {
    for (const line of describePlan(preview.plan)) ctx.print(line);
    ctx.print(request.yes ? 'dry run: nothing was changed' : 'nothing was changed: run again with --yes to remove it');
    return;
  }
  await underLock(ctx, service, 'remove', async (ctx) => {
    const { plan, snapshot } = await gatherAndPlan(ctx, project, target, request);
    if (plan.phases.length === 0) {
      ctx.print(`nothing to remove: ${service} has no container, route, catalog entry or state left${snapshot.releases.length > 0 ? ` (its release history is kept: --purge removes it)` : ''}`);
      return;
    }
    await applyPlan(ctx, project, plan, snapshot);
    ctx.print(`removed ${service}`);
  });
}

async function gatherAndPlan(ctx: FlowContext, project: string, target: string, request: RemoveRequest): Promise<{ readonly plan: Plan; readonly snapshot: ServiceSnapshot }> {
  const service = serviceName(project, target);
  const names = new Set([catalogName(project, target, 'blue'), catalogName(project, target, 'green'), catalogName(project, target, undefined)]);
  const [snapshot, gathered, catalog] = await Promise.all([
    ctx.store.read(service, ctx.signal),
    readCluster(ctx.engines, project, [], ctx.signal),
    ctx.catalog === undefined ? Promise.resolve([]) : ctx.catalog.list(ctx.signal),
  ]);
  const plan = planRemove({
    project, target, service, view: gathered.view,
    stored: { color: snapshot.index.color > 0, scale: snapshot.index.scale > 0, releases: snapshot.releases.length },
    ...(snapshot.route === undefined ? {} : { routedPaths: snapshot.route.paths }),
    catalog: catalog.filter((entry) => names.has(entry.name)),
    sideTargets: request.sideTargets ? ctx.options.sideTargets : [],
    purge: request.purge,
    drainMs: ctx.options.drainMs,
  });
  return { plan, snapshot };
}
