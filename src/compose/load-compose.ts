import { access } from 'node:fs/promises';
import { homedir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
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
import type { ComposeFileLayer } from './service-layer';

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
  const layers: ComposeFileLayer[] = [];
  for (const path of input.paths) {
    const text = await readComposeFile(path, resolve(input.cwd, path), signal);
    const document = interpolate(parseYaml(text, path), lookup, new ComposeLocation(path), onUnset);
    layers.push(parseComposeFile(document, path, context));
  }
  const merged = mergeComposeFiles(layers);
  const envFiles = await readEnvFiles(merged, lookup, onUnset, signal);
  return buildComposeModel(merged, { project: input.project, firstFile: firstPath, envFiles });
}

async function readComposeFile(label: string, absolute: string, signal: AbortSignal | undefined): Promise<string> {
  const where = new ComposeLocation(label);
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

async function readEnvFiles(merged: ComposeFileLayer, lookup: VariableLookup, onUnset: UnsetVariableHandler, signal: AbortSignal | undefined): Promise<Map<string, Readonly<Record<string, string>>>> {
  const contents = new Map<string, Readonly<Record<string, string>>>();
  for (const service of Object.values(merged.services)) {
    for (const reference of service.envFiles) {
      if (contents.has(reference.path)) continue;
      const result = await readTextFile(reference.path, signal).catch((error: unknown) => {
        if (isDockerFlowError(error)) throw error;
        throw reference.where.error(`env file ${reference.path} could not be read (${messageOf(error)})`, 'check that the path is a readable file', error);
      });
      if (result.found) contents.set(reference.path, parseEnvFile(result.text, reference.path, lookup, onUnset));
      else if (reference.required) {
        throw reference.where.error(`env file not found: looked for ${reference.path}`,
          `create it or fix the path (relative paths resolve against the project directory, the first compose file's folder); to make it optional write {path: ..., required: false}`);
      }
    }
  }
  return contents;
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(() => true, () => false);
}
