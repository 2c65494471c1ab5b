/**
 * Reading Engine API JSON without casts: every value from the engine is `unknown` until one of
 * these readers has checked its shape. Missing or mistyped fields fall back to a neutral value,
 * so one odd field never breaks a whole listing.
 */
export type JsonRecord = Readonly<Record<string, unknown>>;

export function isRecord(value: unknown): value is JsonRecord {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The record at `key`, or an empty record. */
export function recordAt(source: unknown, key: string): JsonRecord {
  const value = isRecord(source) ? source[key] : undefined;
  return isRecord(value) ? value : {};
}

export function stringAt(source: unknown, key: string): string | undefined {
  const value = isRecord(source) ? source[key] : undefined;
  return typeof value === 'string' ? value : undefined;
}

export function numberAt(source: unknown, key: string): number | undefined {
  const value = isRecord(source) ? source[key] : undefined;
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/** True only when the field is the boolean true. */
export function booleanAt(source: unknown, key: string): boolean {
  return isRecord(source) && source[key] === true;
}

export function arrayAt(source: unknown, key: string): readonly unknown[] {
  const value = isRecord(source) ? source[key] : undefined;
  return Array.isArray(value) ? value : [];
}

/** The strings of the array at `key` (other elements dropped). */
export function stringsAt(source: unknown, key: string): readonly string[] {
  return arrayAt(source, key).filter((item): item is string => typeof item === 'string');
}

/** A string-to-string map such as `Config.Labels` (non-string values dropped; null → {}). */
export function stringMapAt(source: unknown, key: string): Readonly<Record<string, string>> {
  const map: Record<string, string> = {};
  for (const [name, value] of Object.entries(recordAt(source, key))) {
    if (typeof value === 'string') map[name] = value;
  }
  return map;
}

/** Decimal integer from a label or a port string; undefined unless the whole string is digits. */
export function parseNonNegativeInt(raw: string | undefined): number | undefined {
  if (raw === undefined || !/^\d+$/.test(raw)) return undefined;
  const value = Number(raw);
  return Number.isSafeInteger(value) ? value : undefined;
}

/** Code-unit order (not locale order, which ignores punctuation): stable across machines. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
