import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { removeProjectResources, snapshotEngine } from './engine-snapshot';
import type { BadInputCase } from './load-corpus';
import { processesMentioning, runCli } from './run-cli-process';
import type { CliResult } from './run-cli-process';
import { snapshotTree } from './tree-snapshot';

/** A case with its placeholders filled in, and what running it did. */
export interface CaseOutcome {
  readonly spec: BadInputCase;
  readonly project: string;
  readonly dir: string;
  readonly result: CliResult;
  readonly engineBefore: readonly string[];
  readonly engineAfter: readonly string[];
  readonly treeBefore: readonly string[];
  readonly treeAfter: readonly string[];
  /** Processes still running from the case's folder after the CLI exited (killed by the runner). */
  readonly leftovers: readonly number[];
}

/** Per case: a run that takes longer than this is killed (bad input is refused in about a second). */
export const caseTimeoutMs = 60_000;

/**
 * Runs one case through the real CLI: its files in `<root>/<project>/` (the folder name is the
 * default project), state in `.state`, HOME in `.home`, no inherited environment. Snapshots the
 * engine (everything mentioning the project) and the folder before and after; removes whatever a
 * case that was not refused left behind.
 */
export async function runBadInputCase(raw: BadInputCase, root: string, project: string): Promise<CaseOutcome> {
  const dir = join(root, project);
  const spec = fillPlaceholders(raw, { project, dir });
  await mkdir(join(dir, '.home'), { recursive: true });
  for (const [path, content] of Object.entries(spec.files)) {
    await mkdir(dirname(join(dir, path)), { recursive: true });
    await writeFile(join(dir, path), content);
  }
  const env = { ...safetyEnv(dir), ...spec.env };
  const [engineBefore, treeBefore] = await Promise.all([snapshotEngine(project), snapshotTree(dir)]);
  const result = await runCli(spec.args, { cwd: dir, env, signal: AbortSignal.timeout(caseTimeoutMs) });
  const [engineAfter, treeAfter, leftovers] = await Promise.all([snapshotEngine(project), snapshotTree(dir), processesMentioning(dir)]);
  for (const pid of leftovers) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  if (engineAfter.join('\n') !== engineBefore.join('\n')) await removeProjectResources(project);
  return { spec, project, dir, result, engineBefore, engineAfter, treeBefore, treeAfter, leftovers };
}

/**
 * The only environment a case runs with (plus its own): state and HOME inside its folder, and
 * FLOW_KEEP_IMAGES=0 so that a case the CLI wrongly accepts deploys without pruning the shared
 * engine's images.
 */
function safetyEnv(dir: string): Record<string, string> {
  return { PATH: process.env['PATH'] ?? '/usr/bin:/bin', HOME: join(dir, '.home'), FLOW_STATE_DIR: join(dir, '.state'), FLOW_KEEP_IMAGES: '0' };
}

function fillPlaceholders(spec: BadInputCase, values: { readonly project: string; readonly dir: string }): BadInputCase {
  const fill = (text: string): string => text.replaceAll('{project}', values.project).replaceAll('{dir}', values.dir);
  const mapValues = (map: Readonly<Record<string, string>>): Record<string, string> =>
    Object.fromEntries(Object.entries(map).map(([key, value]) => [fill(key), fill(value)]));
  return {
    id: spec.id,
    args: spec.args.map(fill),
    env: mapValues(spec.env),
    files: mapValues(spec.files),
    key: fill(spec.key),
    mentions: spec.mentions.map(fill),
    ...(spec.next === undefined ? {} : { next: fill(spec.next) }),
  };
}
