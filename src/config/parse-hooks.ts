import { ConfigError } from '../errors';
import type { DeployHooks } from './flow-options';
import { durationAccepts, formatDuration, parseOptionDurationMs } from './parse-option-duration';
import { suggestClosest } from './suggest-closest';

const commandKeys = {
  before_deploy: 'beforeDeploy', after_deploy: 'afterDeploy', on_failure: 'onFailure',
  canary_step: 'canaryStep', canary_promoted: 'canaryPromoted', canary_aborted: 'canaryAborted',
} as const;
const hookKeys = [...Object.keys(commandKeys), 'timeout'];
const example = 'hooks:\n  before_deploy: ./scripts/check.sh\n  after_deploy: ["./scripts/smoke.sh", "./scripts/announce.sh"]\n  on_failure: ./scripts/page.sh\n  timeout: 2m';
export const defaultHookTimeoutMs = 300_000;

/** No hooks: what a project without `hooks:` gets. */
export function noHooks(workingDir: string): DeployHooks {
  return { beforeDeploy: [], afterDeploy: [], onFailure: [], canaryStep: [], canaryPromoted: [], canaryAborted: [], timeoutMs: defaultHookTimeoutMs, workingDir };
}

/**
 * `hooks:` of docker-flow.yml as plain data: before_deploy, after_deploy and on_failure (each a
 * shell command or a list of them, run in order) and timeout. Errors name the key path, e.g.
 * `docker-flow.yml: hooks.before_deploy[1]`. Commands run in `workingDir` (the file's folder).
 */
export function parseHooks(value: unknown, key: string, workingDir: string): DeployHooks {
  if (!isRecord(value)) {
    throw new ConfigError(key, `found ${describe(value)}; accepted: a mapping with ${hookKeys.join(', ')}`, { hint: `for example:\n${example}` });
  }
  const hooks: { -readonly [K in keyof DeployHooks]: DeployHooks[K] } = { ...noHooks(workingDir) };
  for (const [name, item] of Object.entries(value)) {
    const path = `${key}.${name}`;
    if (name === 'timeout') {
      hooks.timeoutMs = timeoutOf(item, path);
      continue;
    }
    const field = Object.entries(commandKeys).find(([yml]) => yml === name)?.[1];
    if (field === undefined) {
      const closest = suggestClosest(name, hookKeys);
      throw new ConfigError(path, `is not a known key${closest === undefined ? '' : `; did you mean "${closest}"?`}`, { hint: `accepted keys: ${hookKeys.join(', ')}` });
    }
    hooks[field] = commandsOf(item, path);
  }
  return hooks;
}

function commandsOf(value: unknown, key: string): readonly string[] {
  const accepts = 'a shell command (run with sh -c in the project folder) or a list of them, run in order';
  if (typeof value === 'string') {
    if (value.trim() === '') throw new ConfigError(key, `the command is empty; accepted: ${accepts}`, { hint: 'remove the key to run nothing' });
    return [value];
  }
  if (!Array.isArray(value)) throw new ConfigError(key, `found ${describe(value)}; accepted: ${accepts}`, { hint: `for example:\n${example}` });
  if (value.length === 0) throw new ConfigError(key, `the list is empty; accepted: ${accepts}`, { hint: 'remove the key to run nothing' });
  return value.map((item: unknown, index: number) => {
    if (typeof item === 'string' && item.trim() !== '') return item;
    throw new ConfigError(`${key}[${index}]`, `found ${typeof item === 'string' ? 'an empty command' : describe(item)}; accepted: a shell command`, {
      hint: 'quote commands that YAML would read as numbers, booleans or mappings (a ": " inside needs quotes)',
    });
  });
}

function timeoutOf(value: unknown, key: string): number {
  const text = typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim() : undefined;
  const ms = text === undefined ? undefined : parseOptionDurationMs(text);
  if (ms === undefined || ms < 1) {
    throw new ConfigError(key, `found ${describe(value)}; accepted: ${durationAccepts}, at least ${formatDuration(1)}`, { hint: 'e.g. timeout: 2m' });
  }
  return ms;
}

function describe(value: unknown): string {
  if (value === null || value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return `"${value}"`;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return `a ${typeof value} (${String(value)})`;
  return `a ${typeof value}`;
}

function isRecord(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
