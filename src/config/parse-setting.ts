import { shellCommand } from '../domain/release-command';
import { maxInstances, parseScale } from '../domain/scale';
import type { ScaleRequest } from '../domain/scale';
import { ConfigError } from '../errors';
import { flowNames } from './flow-options';
import type { FlowName } from './flow-options';
import type { OptionRow, RawSetting } from './option-row';
import { durationAccepts, formatDuration, parseOptionDurationMs } from './parse-option-duration';
import { resolveUserPath } from './resolve-user-path';
import { suggestClosest } from './suggest-closest';

/** Converts one raw setting into the typed value of its row, or throws a ConfigError naming `setting.key`. */
export function parseBooleanSetting(row: OptionRow, setting: RawSetting): boolean {
  if (typeof setting.value === 'boolean') return setting.value;
  throw fail(row, setting, `${describe(setting.value)} is not a boolean; accepted: true or false`);
}

export function parseTextSetting(row: OptionRow, setting: RawSetting, home: string): string {
  if (typeof setting.value !== 'string') {
    throw fail(row, setting, `${describe(setting.value)} is not accepted; expected one value: ${acceptsOf(row)}`);
  }
  return checkText(row, setting, setting.value, home);
}

/** A clearable text option: its value, or `false` when `--no-<long>` (yml: `false`) asks to drop what is remembered. */
export function parseClearableTextSetting(row: OptionRow, setting: RawSetting, home: string): string | false {
  return setting.value === false && row.clearable !== undefined ? false : parseTextSetting(row, setting, home);
}

export function parseListSetting(row: OptionRow, setting: RawSetting, home: string): readonly string[] {
  const items = typeof setting.value === 'string' ? [setting.value] : setting.value;
  if (typeof items === 'boolean') throw fail(row, setting, `${describe(items)} is not accepted; expected a list of ${acceptsOf(row)}`);
  const minItems = row.minItems ?? 0;
  if (items.length < minItems) {
    throw fail(row, setting, `the list is empty; expected at least ${minItems} of ${acceptsOf(row)}`);
  }
  const values = items.map((item) => checkText(row, setting, item, home));
  const repeated = values.find((value, index) => values.indexOf(value) !== index);
  if (repeated !== undefined) throw fail(row, setting, `"${shown(row, repeated)}" is given twice; each value may appear once`);
  return values;
}

export function parseIntSetting(row: OptionRow, setting: RawSetting): number {
  const text = single(row, setting);
  const min = row.min ?? 0;
  const max = row.max ?? Number.MAX_SAFE_INTEGER;
  const value = /^\d+$/.test(text) ? Number.parseInt(text, 10) : Number.NaN;
  if (Number.isNaN(value) || value < min || value > max) {
    throw fail(row, setting, `"${text}" is not accepted; expected a whole number from ${min} to ${max}`);
  }
  return value;
}

export function parseDurationSetting(row: OptionRow, setting: RawSetting): number {
  const text = single(row, setting);
  const ms = parseOptionDurationMs(text);
  if (ms === undefined) throw fail(row, setting, `"${text}" is not a duration; accepted: ${durationAccepts}`);
  const minMs = row.minMs ?? 0;
  if (ms < minMs) throw fail(row, setting, `"${text}" is too short; accepted: ${formatDuration(minMs)} or more`);
  return ms;
}

export function parseChoiceSetting<T extends string>(row: OptionRow, setting: RawSetting, choices: readonly T[]): T {
  const text = single(row, setting);
  const choice = choices.find((candidate) => candidate === text);
  if (choice === undefined) {
    throw fail(row, setting, `"${text}" is not accepted; accepted: ${choices.join(', ')}`, suggestion(text, choices));
  }
  return choice;
}

export function parseScaleSetting(row: OptionRow, setting: RawSetting): ScaleRequest {
  const text = single(row, setting);
  let request: ScaleRequest;
  try {
    request = parseScale(text, setting.key);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    const reason = error.message.startsWith(`${setting.key}: `) ? error.message.slice(setting.key.length + 2) : error.message;
    throw fail(row, setting, `${reason}; accepted: N (set the count, 1 or more), +N or -N (change it), e.g. 3, +2, -1`, error.hint, error);
  }
  if ((request.kind === 'absolute' ? request.count : Math.abs(request.delta)) > maxInstances) {
    throw fail(row, setting, `"${text}" is more instances than docker-flow starts or stops at once; accepted: at most ${maxInstances} (N, +N or -N)`);
  }
  return request;
}

export function parseFlowsSetting(row: OptionRow, setting: RawSetting): readonly FlowName[] {
  const names = parseListSetting(row, setting, '');
  return names.map((name) => {
    const flow = flowNames.find((candidate) => candidate === name);
    if (flow !== undefined) return flow;
    const hint = name.includes(',')
      ? `give one flow per value: repeat --${row.long} (--${row.long}=deploy --${row.long}=proxy)`
      : suggestion(name, flowNames);
    throw fail(row, setting, `"${name}" is not a flow; accepted: ${flowNames.join(', ')}`, hint);
  });
}

/**
 * A command: a string is a shell command line (run with sh -c); a list (docker-flow.yml only) is
 * the argv itself. Neither may be empty.
 */
export function parseCommandSetting(row: OptionRow, setting: RawSetting): readonly string[] {
  const value = setting.value;
  if (typeof value === 'boolean') throw fail(row, setting, `${describe(value)} is not accepted; expected ${acceptsOf(row)}`);
  if (typeof value === 'string') {
    if (value.trim() === '') throw fail(row, setting, `the value is empty; accepted: ${acceptsOf(row)}`);
    return shellCommand(value);
  }
  if (value.length === 0 || (value[0] ?? '').trim() === '') {
    throw fail(row, setting, `the list ${describe(value)} has no program to run; accepted: ${acceptsOf(row)}`);
  }
  return value;
}

function single(row: OptionRow, setting: RawSetting): string {
  if (typeof setting.value !== 'string') {
    throw fail(row, setting, `${describe(setting.value)} is not accepted; expected one value: ${acceptsOf(row)}`);
  }
  if (setting.value.trim() === '') throw fail(row, setting, `the value is empty; accepted: ${acceptsOf(row)}`);
  return setting.value.trim();
}

function checkText(row: OptionRow, setting: RawSetting, value: string, home: string): string {
  if (value.trim() === '') throw fail(row, setting, `the value is empty; accepted: ${acceptsOf(row)}`);
  if (row.check !== undefined && !row.check.test(value)) {
    throw fail(row, setting, `"${shown(row, value)}" is not accepted; accepted: ${row.check.accepts}`);
  }
  if (row.path !== true) return value;
  return resolveUserPath(value, setting.baseDir, home);
}

/** What a row accepts, for messages about empty values or wrong shapes. */
export function acceptsOf(row: OptionRow): string {
  if (row.check !== undefined) return row.check.accepts;
  switch (row.kind) {
    case 'boolean':
      return 'true or false';
    case 'int':
      return `a whole number from ${row.min ?? 0} to ${row.max ?? Number.MAX_SAFE_INTEGER}`;
    case 'duration':
      return durationAccepts;
    case 'enum':
    case 'flow-list':
      return (row.choices ?? []).join(', ');
    case 'scale':
      return 'N, +N or -N (e.g. 3, +2, -1)';
    case 'command':
      return 'a shell command line (run with sh -c), or in docker-flow.yml a list of arguments (e.g. ["bin/migrate", "--all"])';
    case 'string':
    case 'string-list':
      return row.path === true ? 'a file system path' : 'text';
  }
}

function shown(row: OptionRow, value: string): string {
  return row.display === undefined ? value : row.display(value);
}

function describe(value: RawSetting['value']): string {
  if (typeof value === 'boolean') return `${value} (a boolean)`;
  if (typeof value === 'string') return `"${value}"`;
  return `[${value.map((item) => `"${item}"`).join(', ')}] (a list)`;
}

function suggestion(text: string, choices: readonly string[]): string | undefined {
  const closest = suggestClosest(text, choices);
  return closest === undefined ? undefined : `did you mean "${closest}"?`;
}

/** A ConfigError naming the key as the user wrote it, with a hint saying where the option can be set. */
function fail(row: OptionRow, setting: RawSetting, message: string, hint?: string, cause?: unknown): ConfigError {
  const where = `set --${row.long}, "${row.ymlKey}:" in docker-flow.yml or ${row.env.join(' / ')} to an accepted value`;
  return new ConfigError(setting.key, message, {
    hint: hint === undefined ? where : `${hint}; ${where}`,
    ...(cause === undefined ? {} : { cause }),
  });
}
