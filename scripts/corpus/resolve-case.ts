import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { loadCompose } from '../../src/compose/load-compose';

/** One case of test/fixtures/compose-corpus: which files (in -f order) and which shell environment. */
interface CaseFile {
  readonly files: readonly string[];
  readonly env: Readonly<Record<string, string>>;
}

/** The resolved model of a corpus case, with the case folder written as <project-dir> so it is the same on every machine. */
export async function resolveCorpusCase(dir: string): Promise<string> {
  const spec = readCase(JSON.parse(await readFile(join(dir, 'case.json'), 'utf8')), dir);
  const model = await loadCompose({ paths: spec.files, cwd: dir, project: 'corpus', env: { HOME: '/home/user', ...spec.env } });
  return `${JSON.stringify(model, null, 2).split(dir).join('<project-dir>')}\n`;
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
