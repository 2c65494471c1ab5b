import { access } from 'node:fs/promises';
import { homedir } from 'node:os';
import { basename, dirname, join, relative, resolve } from 'node:path';
import type { ComposeModel } from '../domain/service-spec';
import { ConfigError, isDockerFlowError, messageOf } from '../errors';
import { silentLogger } from '../logger';
import type { Logger } from '../logger';
import { buildComposeModel } from './build-compose-model';
import { ComposeLocation } from './compose-location';
import { interpolate } from './interpolate';
import type { UnsetVariableHandler, VariableLookup } from './interpolate';
import { mergeComposeFiles } from './merge-compose-files';
import { parseComposeFile } from './parse-compose-file';
import { parseEnvFile } from './parse-env-file';
import { parseYaml } from './parse-yaml';
import { readTextFile } from './read-text-file';
import { resolveExtends } from './resolve-extends';
import type { ExtendedFile, ExtendedFileLoader } from './resolve-extends';
import type { ComposeFileLayer, EnvFileReference } from './service-layer';

export interface LoadComposeInput {
  /** Compose files in merge order, as the user gave them (`-f a.yml -f b.yml`); relative to cwd. */
  readonly paths: readonly string[];
  readonly cwd: string;
  /** Already normalised project name; engine names of networks and volumes are `<project>_<key>`. */
  readonly project: string;
  /** The process environment; it wins over the project's `.env` file. */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Receives warnings (unset variables, keys that are not Compose keys). Silent when absent. */
  readonly logger?: Logger;
}

export const composeFileNames = ['compose.yaml', 'compose.yml', 'docker-compose.yaml', 'docker-compose.yml'];

/**
 * Reads, interpolates, validates and merges compose files into a ComposeModel. The project
 * directory is the first file's folder: relative bind sources, env_file paths and `.env`
 * resolve against it.
 */
export async function loadCompose(input: LoadComposeInput, signal?: AbortSignal): Promise<ComposeModel> {
  const [firstPath] = input.paths;
  if (firstPath === undefined) {
    throw new ConfigError('--compose-path', 'no compose file was given', { hint: 'pass one or more files with -f docker-compose.yml' });
  }
  const logger = input.logger ?? silentLogger;
  const projectDir = dirname(resolve(input.cwd, firstPath));
  const warned = new Set<string>();
  const onUnset: UnsetVariableHandler = (name, where) => {
    if (warned.has(name)) return;
    warned.add(name);
    logger.warn(`The "${name}" variable is not set. Defaulting to a blank string.`, { variable: name, key: where.key });
  };
  const dotEnvPath = join(projectDir, '.env');
  const dotEnv = await readTextFile(dotEnvPath, signal);
  const fromDotEnv = dotEnv.found ? parseEnvFile(dotEnv.text, dotEnvPath, (name) => input.env[name], onUnset) : {};
  const lookup: VariableLookup = (name) => input.env[name] ?? (Object.hasOwn(fromDotEnv, name) ? fromDotEnv[name] : undefined);
  const context = {
    projectDir,
    homeDir: input.env['HOME'] ?? homedir(),
    lookup,
    onUnknownKey: (where: ComposeLocation) => logger.warn(`${where.key} is not a Compose key; it is ignored`, { key: where.key }),
  };
  const extended = new Map<string, Promise<ExtendedFile>>();
  const loadExtended: ExtendedFileLoader = (absolute, where) => {
    const known = extended.get(absolute);
    if (known !== undefined) return known;
    const label = relative(input.cwd, absolute) || absolute;
    const loading = readComposeFile(label, absolute, signal, where).then((text): ExtendedFile => {
      const parsed = parseYaml(text, label);
      const document = interpolate(parsed.data, lookup, new ComposeLocation(label), onUnset);
      // the extended file's relative paths (binds, env_file, its own extends.file) resolve against its folder
      return { services: parseComposeFile(document, label, { ...context, projectDir: dirname(absolute) }).services, tagPaths: parsed.tagPaths };
    });
    extended.set(absolute, loading);
    return loading;
  };
  const layers: ComposeFileLayer[] = [];
  for (const path of input.paths) {
    const absolute = resolve(input.cwd, path);
    const text = await readComposeFile(path, absolute, signal);
    const parsed = parseYaml(text, path);
    const document = interpolate(parsed.data, lookup, new ComposeLocation(path), onUnset);
    const layer = parseComposeFile(document, path, context, parsed.tagPaths);
    layers.push({ ...layer, services: await resolveExtends({ services: layer.services, tagPaths: parsed.tagPaths }, absolute, loadExtended) });
  }
  const merged = mergeComposeFiles(layers);
  const envFiles = await readEnvFiles(merged, lookup, onUnset, signal);
  return buildComposeModel(merged, { project: input.project, firstFile: firstPath, envFiles });
}

/** `asker`: the `extends:` that names the file, which errors then name. */
async function readComposeFile(label: string, absolute: string, signal: AbortSignal | undefined, asker?: ComposeLocation): Promise<string> {
  const where = asker ?? new ComposeLocation(label);
  const result = await readTextFile(absolute, signal).catch((error: unknown) => {
    if (isDockerFlowError(error)) throw error;
    throw where.error(`could not be read (${messageOf(error)})`, 'check that the path is a readable file', error);
  });
  if (result.found) return result.text;
  const folder = dirname(absolute);
  const candidates = await Promise.all(composeFileNames.filter((name) => name !== basename(absolute)).map(async (name) => ((await exists(join(folder, name))) ? name : undefined)));
  const found = candidates.find((name) => name !== undefined);
  throw where.error(
    `compose file not found: looked for ${absolute}`,
    found === undefined
      ? 'pass the compose file with -f <path> (or --compose-path, FLOW_COMPOSE_PATH, compose_path: in docker-flow.yml)'
      : `${found} exists in ${folder}: pass it with -f ${join(dirname(label), found)}`,
  );
}

/**
 * The variables each service's env files give, keyed by service (files later in the list win).
 * Each file is read once but parsed per service, because its `${VAR}` resolve as compose-go
 * resolves them: the project environment (shell, then .env) first, then the service's own
 * `environment:`, then what the earlier lines and env files of the service set.
 */
async function readEnvFiles(merged: ComposeFileLayer, projectLookup: VariableLookup, onUnset: UnsetVariableHandler, signal: AbortSignal | undefined): Promise<Map<string, Readonly<Record<string, string>>>> {
  const texts = new Map<string, string | undefined>();
  const values = new Map<string, Readonly<Record<string, string>>>();
  for (const [name, service] of Object.entries(merged.services)) {
    const own = service.environment;
    const lookup: VariableLookup = (key) => projectLookup(key) ?? (Object.hasOwn(own, key) ? own[key] : undefined);
    let gathered: Readonly<Record<string, string>> = { ...own };
    const fromFiles: Record<string, string> = {};
    for (const reference of service.envFiles) {
      if (!texts.has(reference.path)) texts.set(reference.path, await readEnvFile(reference, signal));
      const text = texts.get(reference.path);
      if (text === undefined) continue;
      const parsed = parseEnvFile(text, reference.path, lookup, onUnset, gathered);
      Object.assign(fromFiles, parsed);
      gathered = { ...gathered, ...parsed };
    }
    values.set(name, fromFiles);
  }
  return values;
}

/** An env file's text; undefined when it is missing and `required: false`. */
async function readEnvFile(reference: EnvFileReference, signal: AbortSignal | undefined): Promise<string | undefined> {
  const result = await readTextFile(reference.path, signal).catch((error: unknown) => {
    if (isDockerFlowError(error)) throw error;
    throw reference.where.error(`env file ${reference.path} could not be read (${messageOf(error)})`, 'check that the path is a readable file', error);
  });
  if (result.found) return result.text;
  if (!reference.required) return undefined;
  throw reference.where.error(`env file not found: looked for ${reference.path}`,
    `create it or fix the path (relative paths resolve against the project directory, the first compose file's folder); to make it optional write {path: ..., required: false}`);
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(() => true, () => false);
}
