import type { ComposeModel, ServiceSpec } from '../domain/service-spec';
import { ConfigError } from '../errors';
import type { Logger } from '../logger';

/**
 * Before anything is touched: the keys of the services being deployed that docker-flow refuses
 * stop the command (exit 2, the first one found, with its reason and fix); the ones it leaves out
 * are warned about, each once.
 */
export function checkKeyNotes(specs: readonly ServiceSpec[], logger: Logger): void {
  const refused = specs.flatMap((spec) => spec.keyNotes).find((note) => note.action === 'refuse');
  if (refused !== undefined) throw new ConfigError(refused.at, refused.reason, { hint: refused.fix });
  const told = new Set<string>();
  for (const note of specs.flatMap((spec) => spec.keyNotes)) {
    if (told.has(note.at)) continue;
    told.add(note.at);
    logger.warn(`${note.at} ${note.reason}`, { key: note.at, next: note.fix });
  }
}

/**
 * Top-level `name:` against the project docker-flow uses. Compose takes the project from -p, then
 * COMPOSE_PROJECT_NAME, then `name:`, then the folder; docker-flow's --project / FLOW_PROJECT /
 * project: in docker-flow.yml stand for the first two and win over `name:` as in Compose. When none
 * was given, the folder's name is used by every command, including those that never read the
 * compose files (status, logs, releases, exec): a different `name:` is refused instead of used by
 * some commands only.
 */
export function checkProjectName(model: ComposeModel, project: string, projectFromFolder: boolean): void {
  const name = model.name;
  if (name === undefined || name.value === project || !projectFromFolder) return;
  throw new ConfigError(name.at, `names the project "${name.value}", but docker-flow uses "${project}", the folder's name, because no project was given`, {
    hint: `give the project as every docker-flow command should use it: project: ${name.value} in docker-flow.yml (or --project ${name.value}, FLOW_PROJECT=${name.value}), or remove name:`,
  });
}
