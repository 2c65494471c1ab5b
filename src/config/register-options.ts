import { Option } from 'commander';
import type { Command } from 'commander';
import { isListKind } from './option-row';
import type { OptionRow } from './option-row';
import { optionTable } from './option-table';

/**
 * Adds every option of the table to a commander Command. Values stay raw strings (repeatable flags
 * collect into arrays) and nothing gets a commander default, so loadOptions can tell "not given"
 * from "given" and merge flags over docker-flow.yml and the environment. Booleans get `--no-<name>`.
 */
export function registerOptions(command: Command): void {
  for (const row of optionTable) {
    command.addOption(optionFor(row));
    if (row.kind === 'boolean') {
      command.addOption(new Option(`--no-${row.long}`, `turn --${row.long} off (over docker-flow.yml or ${row.env.join(' / ')})`));
    }
    if (row.clearable !== undefined) {
      command.addOption(new Option(`--no-${row.long}`, `${row.clearable} (yml: ${row.ymlKey}: false)`));
    }
  }
}

/** The help line of a row: description, yml key, env names and default. */
export function describeOption(row: OptionRow): string {
  const sources = `yml: ${row.ymlKey}, env: ${row.env.join(' or ')}`;
  const repeat = isListKind(row.kind) && !/repeat/.test(row.description) ? '; repeatable' : '';
  const defaultText = row.defaultText === undefined ? '' : `; default: ${row.defaultText}`;
  return `${row.description}${repeat} (${sources}${defaultText})`;
}

/** The flags part of a row: `-s, --scale <n>`. */
export function flagsOf(row: OptionRow): string {
  const short = row.short === undefined ? '' : `-${row.short}, `;
  const value = row.kind === 'boolean' ? '' : ` <${row.valueName ?? 'value'}>`;
  return `${short}--${row.long}${value}`;
}

function optionFor(row: OptionRow): Option {
  const option = new Option(flagsOf(row), describeOption(row));
  if (isListKind(row.kind)) {
    option.argParser((value: string, previous: readonly string[] | undefined): readonly string[] => [...(previous ?? []), value]);
  }
  return option;
}
