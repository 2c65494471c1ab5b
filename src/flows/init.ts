import { access, writeFile } from 'node:fs/promises';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { composeFileNames, loadCompose } from '../compose/load-compose';
import { guessPrefill } from '../config/guess-prefill';
import { defaultConfigFileName } from '../config/read-config-file';
import { renderConfigFile, type ConfigPrefill } from '../config/render-config-file';
import { normaliseProjectName } from '../domain/names';
import { ConfigError } from '../errors';

export interface InitInput {
  readonly cwd: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** -f as given (the first file is the one docker-flow.yml goes next to); empty: look for a compose file in cwd. */
  readonly composePaths: readonly string[];
  readonly target?: string;
  readonly force: boolean;
  readonly signal: AbortSignal;
}

export interface InitResult {
  readonly path: string;
  /** The compose file it was pre-filled from; undefined when there is none. */
  readonly composeFile?: string;
  readonly prefill: ConfigPrefill;
}

/**
 * `docker-flow init`: writes docker-flow.yml next to the compose file (else in cwd) with every key
 * and its default (renderConfigFile), the target, side targets and a service path guessed from the
 * compose file. Refuses to replace an existing file unless `force`.
 */
export async function initConfig(input: InitInput): Promise<InitResult> {
  const compose = await findComposeFile(input);
  const dir = compose === undefined ? input.cwd : dirname(compose);
  const path = join(dir, defaultConfigFileName);
  if (!input.force && (await exists(path))) {
    throw new ConfigError(defaultConfigFileName, `${path} exists; docker-flow init does not replace it`, {
      hint: 'edit it, or run docker-flow init --force to write it anew (your changes are lost)',
    });
  }
  const model = compose === undefined ? undefined : await loadCompose({ paths: [compose], cwd: input.cwd, project: normaliseProjectName(basename(dir)), env: input.env }, input.signal);
  const guessed = model === undefined || compose === undefined
    ? new Map(input.target === undefined ? [] : [['target', input.target]])
    : guessPrefill(model, relative(input.cwd, compose) || compose, input.target);
  const composeName = compose === undefined ? undefined : basename(compose);
  // a compose name: other than the folder's becomes the project every command uses (see checkProjectName)
  const named = model?.name === undefined || model.name.value === normaliseProjectName(basename(dir)) ? guessed : new Map([...guessed, ['project', model.name.value]]);
  const prefill: ConfigPrefill = composeName === undefined || composeName === 'docker-compose.yml' ? named : new Map([...named, ['compose_path', [composeName]]]);
  const header = [
    `docker-flow.yml of ${basename(dir)}, written by docker-flow init${compose === undefined ? ' (no compose file found)' : ` from ${basename(compose)}`}.`,
    'Every key docker-flow reads is here with its default; uncomment a line to change it.',
    'Precedence: this file < environment variables < command-line flags. Reference: docker-flow help, README "Options".',
  ];
  await writeFile(path, renderConfigFile(header, prefill), { flag: input.force ? 'w' : 'wx', mode: 0o644 });
  return { path, prefill, ...(compose === undefined ? {} : { composeFile: compose }) };
}

/** The first -f file (it must exist), else the first compose file found in cwd as Compose names them. */
async function findComposeFile(input: InitInput): Promise<string | undefined> {
  const [given] = input.composePaths;
  if (given !== undefined) {
    const path = resolve(input.cwd, given);
    if (await exists(path)) return path;
    throw new ConfigError('--compose-path', `${path} does not exist`, { hint: 'give the compose file of the project with -f, or leave -f out to use the one in the current folder' });
  }
  for (const name of [...composeFileNames].reverse()) {
    const path = join(input.cwd, name);
    if (await exists(path)) return path;
  }
  return undefined;
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(() => true, () => false);
}
