import type { ScaleRequest } from '../domain/scale';
import type { FlowName, FlowOptions } from './flow-options';
import type { DefaultContext, OptionKind, OptionRow, RawSetting } from './option-row';
import { optionRowFor } from './option-table';
import {
  parseBooleanSetting,
  parseChoiceSetting,
  parseClearableTextSetting,
  parseCommandSetting,
  parseDurationSetting,
  parseFlowsSetting,
  parseIntSetting,
  parseListSetting,
  parseScaleSetting,
  parseTextSetting,
} from './parse-setting';

/**
 * Typed values of the merged settings, one FlowOptions field at a time: the winning setting, or
 * the row's default, parsed by the row's kind. Asking for a field with the wrong kind is a bug.
 */
export class OptionValues {
  constructor(
    private readonly merged: ReadonlyMap<keyof FlowOptions, RawSetting>,
    private readonly context: DefaultContext,
  ) {}

  /** The setting that decides a field: the merged one, else the default (undefined when there is none). */
  setting(field: keyof FlowOptions): RawSetting | undefined {
    const given = this.merged.get(field);
    if (given !== undefined) return given;
    const row = optionRowFor(field);
    const fallback = row.fallback?.(this.context);
    if (fallback === undefined) return undefined;
    return { field, source: 'default', key: fallback.key ?? `--${row.long} (default)`, value: fallback.value, baseDir: this.context.cwd };
  }

  boolean(field: keyof FlowOptions): boolean {
    return parseBooleanSetting(this.row(field, 'boolean'), this.required(field));
  }

  text(field: keyof FlowOptions): string | undefined {
    const row = this.row(field, 'string');
    const setting = this.setting(field);
    return setting === undefined ? undefined : parseTextSetting(row, setting, this.context.home);
  }

  /** A clearable string field: its value, `false` to drop what docker-flow remembers, or undefined. */
  clearableText(field: keyof FlowOptions): string | false | undefined {
    const row = this.row(field, 'string');
    const setting = this.setting(field);
    return setting === undefined ? undefined : parseClearableTextSetting(row, setting, this.context.home);
  }

  /** A string field whose row always has a default. */
  requiredText(field: keyof FlowOptions): string {
    return parseTextSetting(this.row(field, 'string'), this.required(field), this.context.home);
  }

  list(field: keyof FlowOptions): readonly string[] {
    const row = this.row(field, 'string-list');
    const setting = this.setting(field);
    return setting === undefined ? [] : parseListSetting(row, setting, this.context.home);
  }

  int(field: keyof FlowOptions): number {
    return parseIntSetting(this.row(field, 'int'), this.required(field));
  }

  durationMs(field: keyof FlowOptions): number {
    return parseDurationSetting(this.row(field, 'duration'), this.required(field));
  }

  choice<T extends string>(field: keyof FlowOptions, choices: readonly T[]): T {
    return parseChoiceSetting(this.row(field, 'enum'), this.required(field), choices);
  }

  scale(field: keyof FlowOptions): ScaleRequest | undefined {
    const row = this.row(field, 'scale');
    const setting = this.setting(field);
    return setting === undefined ? undefined : parseScaleSetting(row, setting);
  }

  /** A command's argv, or undefined when no source gives one. */
  command(field: keyof FlowOptions): readonly string[] | undefined {
    const row = this.row(field, 'command');
    const setting = this.setting(field);
    return setting === undefined ? undefined : parseCommandSetting(row, setting);
  }

  flows(field: keyof FlowOptions): readonly FlowName[] {
    return parseFlowsSetting(this.row(field, 'flow-list'), this.required(field));
  }

  /** Parses any setting by its row's kind (for values another source overrides); throws a ConfigError when it is bad. */
  check(setting: RawSetting): void {
    const row = optionRowFor(setting.field);
    const home = this.context.home;
    switch (row.kind) {
      case 'boolean':
        parseBooleanSetting(row, setting);
        return;
      case 'string':
        parseClearableTextSetting(row, setting, home);
        return;
      case 'string-list':
        parseListSetting(row, setting, home);
        return;
      case 'int':
        parseIntSetting(row, setting);
        return;
      case 'duration':
        parseDurationSetting(row, setting);
        return;
      case 'enum':
        parseChoiceSetting(row, setting, row.choices ?? []);
        return;
      case 'scale':
        parseScaleSetting(row, setting);
        return;
      case 'flow-list':
        parseFlowsSetting(row, setting);
        return;
      case 'command':
        parseCommandSetting(row, setting);
        return;
    }
  }

  private row(field: keyof FlowOptions, kind: OptionKind): OptionRow {
    const row = optionRowFor(field);
    if (row.kind !== kind) throw new Error(`option table: FlowOptions.${field} is ${row.kind}, read as ${kind}`);
    return row;
  }

  private required(field: keyof FlowOptions): RawSetting {
    const setting = this.setting(field);
    if (setting === undefined) throw new Error(`option table: FlowOptions.${field} needs a default`);
    return setting;
  }
}
