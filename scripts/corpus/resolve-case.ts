import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { loadCompose } from '../../src/compose/load-compose';
import { isDockerFlowError } from '../../src/errors';
import type { Logger } from '../../src/logger';

/** One case of test/fixtures/compose-corpus: which files (in -f order) and which shell environment. */
interface CaseFile {
  readonly files: readonly string[];
  readonly env: Readonly<Record<string, string>>;
}

/**
 * The resolved form of a corpus case: the warnings docker-flow gives while reading it, and the
 * model it reads, or the refusal (exit code, key, message, hint) when it refuses the files. The
 * case folder is written as <project-dir>, so the text is the same on every machine.
 */
export async function resolveCorpusCase(dir: string): Promise<string> {
  const spec = readCase(JSON.parse(await readFile(join(dir, 'case.json'), 'utf8')), dir);
  const warnings: string[] = [];
  const logger: Logger = { debug: () => undefined, info: () => undefined, warn: (message) => void warnings.push(message), error: () => undefined, child: () => logger };
  const outcome = await loadCompose({ paths: spec.files, cwd: dir, project: 'corpus', env: { HOME: '/home/user', ...spec.env }, logger }).then(
    (model) => ({ model }),
    (error: unknown) => {
      if (!isDockerFlowError(error)) throw error;
      return { refused: { exitCode: error.exitCode, message: error.message, hint: error.hint ?? null } };
    },
  );
  return `${JSON.stringify({ warnings, ...outcome }, null, 2).split(dir).join('<project-dir>')}\n`;
}

function readCase(value: unknown, dir: string): CaseFile {
  const record = typeof value === 'object' && value !== null ? Object.fromEntries(Object.entries(value)) : {};
  const files: unknown = record['files'];
  const env: unknown = record['env'];
  if (!Array.isArray(files) || !files.every((f): f is string => typeof f === 'string') || typeof env !== 'object' || env === null) {
    throw new Error(`${dir}/case.json: write {"files": ["docker-compose.yml", ...], "env": {"NAME": "value"}}`);
  }
  return { files, env: Object.fromEntries(Object.entries(env).map(([k, v]) => [k, String(v)])) };
}
