import { ConfigError } from '../errors';
import { isListKind } from './option-row';
import type { RawSetting, RawValue } from './option-row';
import { optionTable } from './option-table';

const truthy = ['true', '1', 'yes', 'on'];
const falsy = ['false', '0', 'no', 'off'];

/**
 * Raw settings from environment variables. Each row reads its names in order and takes the first
 * one that is set and not empty (FLOW_HOST before DOCKER_HOST). Lists are comma-separated.
 */
export function readEnvironment(env: Readonly<Record<string, string | undefined>>, cwd: string): readonly RawSetting[] {
  const settings: RawSetting[] = [];
  for (const row of optionTable) {
    const name = row.env.find((candidate) => (env[candidate] ?? '') !== '');
    const text = name === undefined ? undefined : env[name];
    if (name === undefined || text === undefined) continue;
    settings.push({ field: row.field, source: 'env', key: name, value: envValue(row.kind, name, text), baseDir: cwd });
  }
  return settings;
}

function envValue(kind: (typeof optionTable)[number]['kind'], name: string, text: string): RawValue {
  if (kind === 'boolean') return parseEnvBoolean(name, text);
  if (isListKind(kind)) return text.split(',').map((item) => item.trim());
  return text;
}

/** `true`/`false`, `1`/`0`, `yes`/`no`, `on`/`off`, in any case. */
export function parseEnvBoolean(name: string, text: string): boolean {
  const lower = text.trim().toLowerCase();
  if (truthy.includes(lower)) return true;
  if (falsy.includes(lower)) return false;
  throw new ConfigError(name, `"${text}" is not a boolean; accepted: true, false, 1, 0, yes, no (also on, off)`, {
    hint: `set ${name}=true or ${name}=false, or unset it to use docker-flow.yml or the default`,
  });
}
