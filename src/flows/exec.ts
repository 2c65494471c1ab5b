import type { AttachedIo } from '../ports/docker-engine';
import { requireTarget } from '../config/load-options';
import { pickExecInstance } from '../domain/instance-selection';
import { serviceName } from '../domain/names';
import { commandText } from '../domain/release-command';
import { ConfigError } from '../errors';
import type { FlowContext } from './flow-context';
import { selectEngines } from './select-engines';

export interface ExecRequest {
  readonly command: readonly string[];
  readonly node?: string;
  readonly instance?: number;
}

/**
 * `docker-flow exec -- CMD`: runs CMD in a running instance of the live colour (the first healthy one
 * by host and number, or the one --node / --instance name) through the Engine API, wired to the
 * user's terminal; returns the command's exit status. No such instance is bad input (exit 2).
 */
export async function execFlow(ctx: FlowContext, request: ExecRequest, io: AttachedIo): Promise<number> {
  requireCommand(request.command, 'exec');
  const project = ctx.options.project;
  const target = requireTarget(ctx.options);
  const reached = await selectEngines(ctx, request.node, project, 'looking for an instance on the others');
  const live = (await ctx.store.read(serviceName(project, target), ctx.signal)).state.color;
  const filter = { project, target, side: false, ...(request.node === undefined ? {} : { host: request.node }), ...(request.instance === undefined ? {} : { number: request.instance }) };
  const chosen = pickExecInstance(reached.containers, filter, live);
  const engine = reached.engines.find((e) => e.host.name === chosen.host);
  if (engine === undefined) throw new Error(`exec: no engine for host ${chosen.host}`);
  ctx.progress({ type: 'plan', title: `exec ${commandText(request.command)} in ${chosen.name} on ${chosen.host}` });
  return engine.execAttached(chosen.id, request.command, io, ctx.signal);
}

/** exec and run need the command after `--`. */
export function requireCommand(command: readonly string[], name: 'exec' | 'run'): void {
  if (command.length > 0) return;
  throw new ConfigError(name, 'no command given: put it after --', { hint: `docker-flow ${name} -- sh -c 'echo hello' (add -i to give it your input, -t for a terminal)` });
}
