import type { FlowOptions } from './flow-options';

/** How an option's value is written and parsed. */
export type OptionKind = 'boolean' | 'string' | 'string-list' | 'int' | 'duration' | 'enum' | 'scale' | 'flow-list' | 'command';

/** Where a raw value came from, in precedence order (a later source wins). */
export type SettingSource = 'default' | 'file' | 'env' | 'flag';

/**
 * A value as one source gave it, before parsing: a boolean for boolean options, a list of strings
 * for list options, a string for everything else.
 */
export type RawValue = boolean | string | readonly string[];

export interface RawSetting {
  readonly field: keyof FlowOptions;
  readonly source: SettingSource;
  /** The key as the user wrote it: `--scale`, `docker-flow.yml: scale`, `FLOW_SCALE`. */
  readonly key: string;
  readonly value: RawValue;
  /** Relative paths resolve against this folder (cwd, or the folder of docker-flow.yml). */
  readonly baseDir: string;
}

/** What defaults may depend on. */
export interface DefaultContext {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
  /** The user's home folder (for `~` and the default state folder). */
  readonly home: string;
}

/** A default: the value, and the key to name in errors when it comes from elsewhere (`DOCKER_CERT_PATH`). */
export interface DefaultValue {
  readonly value: RawValue;
  readonly key?: string;
}

/** Validation of a string value (or of each item of a list) beyond its kind. */
export interface ValueCheck {
  /** What is accepted, for messages: `a URL path prefix that starts with /, e.g. /demo`. */
  readonly accepts: string;
  readonly test: (value: string) => boolean;
}

export interface OptionRow {
  /** Long flag without dashes: `blue-green`. */
  readonly long: string;
  /** One letter: `b`. */
  readonly short?: string;
  /** Placeholder in help, without brackets: `n`, `path`. Absent for booleans. */
  readonly valueName?: string;
  /** The docker-flow.yml key; `group.key` for keys of a nested mapping (`notify.webhook`). */
  readonly ymlKey: string;
  /** Read in this order; the first one set (and not empty) is used. */
  readonly env: readonly string[];
  readonly kind: OptionKind;
  readonly field: keyof FlowOptions;
  readonly description: string;
  /** How the default reads in help and the README; absent when there is none. */
  readonly defaultText?: string;
  /** The value used when no source gives one (parsed like any other value). */
  readonly fallback?: (context: DefaultContext) => DefaultValue | undefined;
  /** `enum`: the accepted values. */
  readonly choices?: readonly string[];
  /** `int`: inclusive bounds. */
  readonly min?: number;
  readonly max?: number;
  /** `duration`: the smallest accepted value in milliseconds. */
  readonly minMs?: number;
  /** `string` / `string-list`: values are file system paths, resolved to absolute paths. */
  readonly path?: boolean;
  /** `string` / `string-list`: extra validation of each value. */
  readonly check?: ValueCheck;
  /** `string-list`: YAML numbers are accepted as items (read as their text), e.g. `steps: [10, 50, 100]`. */
  readonly numericItems?: boolean;
  /** `string-list` / `flow-list`: the fewest items accepted (0 when absent). */
  readonly minItems?: number;
  /** How a value may be shown in messages, when it can hold secrets (webhook URLs). */
  readonly display?: (value: string) => string;
  /**
   * `string` rows whose value docker-flow remembers (custom templates): what `--no-<long>` (or
   * `false` in docker-flow.yml) does, for help. The option then reads as `false`.
   */
  readonly clearable?: string;
}

/** The property commander stores a flag under (`consul-template-be-path` → `consulTemplateBePath`). */
export function flagAttribute(row: Pick<OptionRow, 'long'>): string {
  return row.long.replace(/-([a-z])/g, (_match: string, letter: string) => letter.toUpperCase());
}

/** Whether values of this kind are lists (repeatable flags, comma-separated env, YAML lists). */
export function isListKind(kind: OptionKind): boolean {
  return kind === 'string-list' || kind === 'flow-list';
}
