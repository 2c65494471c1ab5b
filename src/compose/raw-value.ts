import type { ComposeLocation } from './compose-location';

/**
 * Guards for the untyped tree the YAML parser returns. The compose parsers use only these to
 * turn `unknown` into our readonly types, so no value is ever cast.
 */
export type RawMap = Readonly<Record<string, unknown>>;

export function isRawMap(value: unknown): value is RawMap {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A short rendering of a bad value for error messages. */
export function describeValue(value: unknown): string {
  if (value === null || value === undefined) return 'nothing (null)';
  if (Array.isArray(value)) return `a list (${truncate(JSON.stringify(value))})`;
  if (isRawMap(value)) return `a map (${truncate(JSON.stringify(value))})`;
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return `${typeof value} ${String(value)}`;
  return typeof value;
}

function truncate(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

export function expectMap(value: unknown, where: ComposeLocation, accepted: string): RawMap {
  if (isRawMap(value)) return value;
  throw where.error(`must be a map, found ${describeValue(value)}`, accepted);
}

export function expectList(value: unknown, where: ComposeLocation, accepted: string): readonly unknown[] {
  if (Array.isArray(value)) return value;
  throw where.error(`must be a list, found ${describeValue(value)}`, accepted);
}

export function expectString(value: unknown, where: ComposeLocation, accepted: string): string {
  if (typeof value === 'string') return value;
  throw where.error(`must be a string, found ${describeValue(value)}`, accepted);
}

/** Strings, numbers and booleans, as Compose accepts them where a string is meant. */
export function expectScalar(value: unknown, where: ComposeLocation, accepted: string): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  throw where.error(`must be a string or a number, found ${describeValue(value)}`, accepted);
}

export function expectBoolean(value: unknown, where: ComposeLocation): boolean {
  if (typeof value === 'boolean') return value;
  if (value === 'true' || value === 'false') return value === 'true';
  throw where.error(`must be true or false, found ${describeValue(value)}`, 'write true or false');
}

export function expectInteger(value: unknown, where: ComposeLocation, min: number): number {
  const parsed = typeof value === 'string' && /^\d+$/.test(value.trim()) ? Number(value) : value;
  if (typeof parsed === 'number' && Number.isInteger(parsed) && parsed >= min) return parsed;
  throw where.error(`must be a whole number of at least ${min}, found ${describeValue(value)}`, `write a whole number (${min} or more)`);
}

/** A single string or a list of strings (env_file, tmpfs, constraints). */
export function expectStringOrList(value: unknown, where: ComposeLocation, accepted: string): readonly string[] {
  if (typeof value === 'string') return [value];
  return expectList(value, where, accepted).map((item, index) => expectString(item, where.item(index), accepted));
}
