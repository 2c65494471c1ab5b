import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

/**
 * One malformed input, as written in a manifest under test/bad-input/. Text fields may use the
 * placeholders {project} (the case's project, also its folder name) and {dir} (its folder).
 */
export interface BadInputCase {
  /** `<manifest>: <name>`; unique across the corpus. */
  readonly id: string;
  /** Arguments after `docker-flow` (the manifest's default args first). */
  readonly args: readonly string[];
  /** Extra environment variables for the run. */
  readonly env: Readonly<Record<string, string>>;
  /** Files written into the case's folder before the run (relative path → content). */
  readonly files: Readonly<Record<string, string>>;
  /** The offending key as printed after `error: ` (exact). */
  readonly key: string;
  /** Fragments stderr must contain: the offending value and what is accepted. */
  readonly mentions: readonly string[];
  /** A fragment of the `next:` line, when one is worth pinning down. */
  readonly next?: string;
}

/** test/bad-input, from build/test/integration/bad-input. */
export const corpusDir = join(__dirname, '..', '..', '..', '..', 'test', 'bad-input');

/** Every case of every `*.yml` manifest in `dir`, manifests in name order, cases in file order. */
export function loadCorpus(dir: string = corpusDir): readonly BadInputCase[] {
  const manifests = readdirSync(dir).filter((name) => name.endsWith('.yml')).sort();
  const cases = manifests.flatMap((name) => readManifest(name, parse(readFileSync(join(dir, name), 'utf8'))));
  const seen = new Set<string>();
  for (const entry of cases) {
    if (seen.has(entry.id)) throw new Error(`test/bad-input: case "${entry.id}" appears twice`);
    seen.add(entry.id);
  }
  return cases;
}

/** A manifest: `{defaults?: {args, env, files}, cases: [...]}`. */
export function readManifest(manifest: string, data: unknown): readonly BadInputCase[] {
  const root = record(data, manifest);
  const defaults = root['defaults'] === undefined ? {} : record(root['defaults'], `${manifest}: defaults`);
  const base = {
    args: strings(defaults['args'], `${manifest}: defaults.args`),
    env: stringMap(defaults['env'], `${manifest}: defaults.env`),
    files: fileMap(defaults['files'], `${manifest}: defaults.files`),
  };
  const list = root['cases'];
  if (!Array.isArray(list) || list.length === 0) throw new Error(`${manifest}: expected a non-empty list under cases:`);
  return list.map((item: unknown, index: number) => readCase(manifest, index, item, base));
}

interface CaseDefaults {
  readonly args: readonly string[];
  readonly env: Readonly<Record<string, string>>;
  readonly files: Readonly<Record<string, string | null>>;
}

const caseKeys = new Set(['name', 'args', 'env', 'files', 'key', 'mentions', 'next']);

function readCase(manifest: string, index: number, item: unknown, base: CaseDefaults): BadInputCase {
  const where = `${manifest}: cases[${index}]`;
  const entry = record(item, where);
  for (const key of Object.keys(entry)) if (!caseKeys.has(key)) throw new Error(`${where}: unknown key "${key}" (accepted: ${[...caseKeys].join(', ')})`);
  const name = text(entry['name'], `${where}.name`);
  const files: Record<string, string> = {};
  for (const [path, content] of Object.entries({ ...base.files, ...fileMap(entry['files'], `${where}.files`) })) {
    if (content !== null) files[path] = content;
  }
  const next = entry['next'] === undefined ? undefined : text(entry['next'], `${where}.next`);
  return {
    id: `${manifest.replace(/\.yml$/, '')}: ${name}`,
    args: [...base.args, ...strings(entry['args'], `${where}.args`)],
    env: { ...base.env, ...stringMap(entry['env'], `${where}.env`) },
    files,
    key: text(entry['key'], `${where}.key`),
    mentions: strings(entry['mentions'], `${where}.mentions`),
    ...(next === undefined ? {} : { next }),
  };
}

function record(value: unknown, where: string): Readonly<Record<string, unknown>> {
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) return Object.fromEntries(Object.entries(value));
  throw new Error(`${where}: expected a mapping`);
}

function text(value: unknown, where: string): string {
  if (typeof value === 'string' && value !== '') return value;
  throw new Error(`${where}: expected a non-empty string`);
}

function strings(value: unknown, where: string): readonly string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw new Error(`${where}: expected a list of strings`);
  return value.map((item: unknown, index: number) => {
    if (typeof item !== 'string') throw new Error(`${where}[${index}]: expected a string (quote numbers and booleans)`);
    return item;
  });
}

function stringMap(value: unknown, where: string): Readonly<Record<string, string>> {
  if (value === undefined) return {};
  const result: Record<string, string> = {};
  for (const [key, item] of Object.entries(record(value, where))) {
    if (typeof item !== 'string') throw new Error(`${where}.${key}: expected a string (quote numbers and booleans)`);
    result[key] = item;
  }
  return result;
}

/** Like stringMap, but `null` removes a default file from a case. */
function fileMap(value: unknown, where: string): Readonly<Record<string, string | null>> {
  if (value === undefined) return {};
  const result: Record<string, string | null> = {};
  for (const [key, item] of Object.entries(record(value, where))) {
    if (typeof item !== 'string' && item !== null) throw new Error(`${where}.${key}: expected the file's text (or null to leave it out)`);
    result[key] = item;
  }
  return result;
}
