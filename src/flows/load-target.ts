import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { requireTarget } from '../config/load-options';
import { loadCompose } from '../compose/load-compose';
import type { ComposeModel, ServiceSpec } from '../domain/service-spec';
import { targetSpec } from '../domain/plan-helpers';
import { serviceName } from '../domain/names';
import type { FlowContext } from './flow-context';
import { checkKeyNotes, checkProjectName } from './check-compose-keys';

export interface LoadedTarget {
  readonly project: string;
  readonly target: string;
  readonly service: string;
  readonly model: ComposeModel;
  readonly spec: ServiceSpec;
  readonly sideSpecs: readonly ServiceSpec[];
  /** sha256 of the compose files' bytes and the effective options, for release records. */
  readonly configHash: string;
}

export interface LoadTargetInput {
  /** An image reference (`127.0.0.1:5000/app:1.2.0`) that replaces the target's image in the compose model (the agent's new tags). */
  readonly imageOverride?: string;
}

/** Reads and checks the compose files for the target and side targets, before anything is touched. */
export async function loadTarget(ctx: FlowContext, input: LoadTargetInput = {}): Promise<LoadedTarget> {
  const target = requireTarget(ctx.options);
  const project = ctx.options.project;
  const composed = await loadCompose({ paths: ctx.options.composePaths, cwd: ctx.cwd, project, env: ctx.env, logger: ctx.logger.child({ compose: ctx.options.composePaths.join(',') }) }, ctx.signal);
  const model = withImage(composed, target, input.imageOverride);
  const spec = targetSpec(model, target, '--target');
  const sideSpecs = ctx.options.sideTargets.map((name) => targetSpec(model, name, '--side-target'));
  // the project is the folder's name when the command was given sources and none of them set it
  checkProjectName(model, project, ctx.optionSources !== undefined && ctx.optionSources.project === undefined);
  checkKeyNotes([spec, ...sideSpecs], ctx.logger);
  const hash = createHash('sha256');
  for (const path of ctx.options.composePaths) hash.update(await readFile(resolve(ctx.cwd, path)));
  hash.update(JSON.stringify({ ...ctx.options, consulToken: undefined, imageOverride: input.imageOverride }));
  return { project, target, service: serviceName(project, target), model, spec, sideSpecs, configHash: hash.digest('hex').slice(0, 16) };
}

function withImage(model: ComposeModel, target: string, image: string | undefined): ComposeModel {
  const spec = model.services[target];
  if (image === undefined || spec === undefined) return model;
  return { ...model, services: { ...model.services, [target]: { ...spec, image } } };
}
