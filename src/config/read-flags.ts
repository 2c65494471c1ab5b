import { ConfigError } from '../errors';
import { flagAttribute, isListKind } from './option-row';
import type { OptionRow, RawSetting, RawValue } from './option-row';
import { optionTable } from './option-table';

/**
 * Raw settings from parsed command-line flags (commander's `opts()`, filled by registerOptions):
 * a flag that was not given is absent. Keys not in the option table are ignored.
 */
export function readFlags(flags: Readonly<Record<string, unknown>>, cwd: string): readonly RawSetting[] {
  const settings: RawSetting[] = [];
  for (const row of optionTable) {
    const value = flags[flagAttribute(row)];
    if (value === undefined) continue;
    const raw = flagValue(row, value);
    const key = raw === false ? `--no-${row.long}` : `--${row.long}`;
    settings.push({ field: row.field, source: 'flag', key, value: raw, baseDir: cwd });
  }
  return settings;
}

function flagValue(row: OptionRow, value: unknown): RawValue {
  if (row.kind === 'boolean') {
    if (typeof value === 'boolean') return value;
  } else if (isListKind(row.kind)) {
    if (typeof value === 'string') return [value];
    if (Array.isArray(value) && value.every((item): item is string => typeof item === 'string')) return value;
  } else if (typeof value === 'string' || (value === false && row.clearable !== undefined)) {
    return value;
  }
  const expected = row.kind === 'boolean' ? 'true or false' : isListKind(row.kind) ? 'a list of strings' : 'a string';
  throw new ConfigError(`--${row.long}`, `got ${JSON.stringify(value) ?? typeof value} (${typeof value}); expected ${expected}`, {
    hint: 'flags are read as given on the command line; register them with registerOptions(program)',
  });
}
