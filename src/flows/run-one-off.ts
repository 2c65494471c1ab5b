import { randomBytes } from 'node:crypto';
import type { AttachedIo } from '../ports/docker-engine';
import { describeStep } from '../domain/plan';
import { planOneOff } from '../domain/plan-one-off';
import { runPlan, readFlowState } from './execute';
import { requireCommand } from './exec';
import type { FlowContext } from './flow-context';
import { loadTarget } from './load-target';
import { requireKnownNode } from './select-engines';

export interface RunRequest {
  readonly command: readonly string[];
  readonly node?: string;
}

/**
 * `docker-flow run -- CMD`: a one-off container from the live release's image with the service's
 * environment, networks and volumes (like the release command), wired to the user's terminal and
 * removed afterwards; returns the command's exit status. With --dry-run, prints what it would do.
 */
export async function runOneOffFlow(ctx: FlowContext, request: RunRequest, io: AttachedIo): Promise<number> {
  requireCommand(request.command, 'run');
  requireKnownNode(ctx, request.node);
  const loaded = await loadTarget(ctx);
  const state = await readFlowState(ctx, loaded);
  const planned = planOneOff({
    model: loaded.model, spec: loaded.spec, project: loaded.project, target: loaded.target, view: state.view,
    stored: state.snapshot.state, releases: state.snapshot.releases, argv: request.command, nameSuffix: randomBytes(3).toString('hex'),
    ...(request.node === undefined ? {} : { node: request.node }),
  });
  await runPlan(ctx, loaded, planned.prepare, state.snapshot);
  if (ctx.options.dryRun) {
    ctx.print(`    - ${describeStep({ kind: 'create', host: planned.host, spec: planned.container, safeEnv: loaded.spec.safeEnv })}, attached, removed when it exits`);
    ctx.print('dry run: nothing was changed');
    return 0;
  }
  const engine = ctx.engines.get(planned.host);
  if (engine === undefined) throw new Error(`run: no engine for host ${planned.host}`);
  return engine.runAttached(planned.container, io, ctx.signal);
}
