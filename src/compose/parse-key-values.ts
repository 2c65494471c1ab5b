import type { ComposeLocation } from './compose-location';
import type { VariableLookup } from './interpolate';
import { describeValue, expectScalar, isRawMap } from './raw-value';

/**
 * `environment:` and `labels:` in list (`KEY=VALUE`) or map form. A key without a value takes
 * it from `lookup` when one is given (environment: the shell / .env, and is left out when unset)
 * or becomes an empty string (labels: no lookup).
 */
export function parseKeyValues(value: unknown, where: ComposeLocation, lookup: VariableLookup | undefined): Record<string, string> {
  const accepted = 'write a list of KEY=VALUE strings or a map of KEY: VALUE';
  const result: Record<string, string> = {};
  const put = (key: string, raw: string | undefined, at: ComposeLocation): void => {
    if (key.trim() === '') throw at.error('has an empty key', accepted);
    const resolved = raw ?? (lookup === undefined ? '' : lookup(key));
    if (resolved !== undefined) result[key] = resolved;
  };
  if (Array.isArray(value)) {
    value.forEach((item: unknown, index) => {
      const at = where.item(index);
      const text = expectScalar(item, at, accepted);
      const equals = text.indexOf('=');
      put(equals === -1 ? text : text.slice(0, equals), equals === -1 ? undefined : text.slice(equals + 1), at);
    });
    return result;
  }
  if (!isRawMap(value)) throw where.error(`must be a list or a map, found ${describeValue(value)}`, accepted);
  for (const [key, item] of Object.entries(value)) {
    const at = where.child(key);
    put(key, item === null || item === undefined ? undefined : expectScalar(item, at, accepted), at);
  }
  return result;
}
