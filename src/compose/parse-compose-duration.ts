import { durationParser, goDurationUnits } from '../domain/duration-parser';
import type { ComposeLocation } from './compose-location';
import { describeValue } from './raw-value';

const accepted = 'write a duration with a unit, like Compose: 10s, 1m30s, 500ms, 1h (units h, m, s, ms, us, ns)';

/** Go's grammar without a sign: a negative interval or timeout means nothing in Compose. */
const composeDuration = durationParser({ units: goDurationUnits, looseFractions: true, signed: false });

/**
 * Parses a Compose (Go-style) duration such as `1m30s`, `500ms` or `10s` into whole milliseconds
 * (rounded). `0` alone is accepted; any other bare number is rejected because Compose would read
 * it in nanoseconds, which is never what the author meant.
 */
export function parseComposeDurationMs(value: unknown, where: ComposeLocation): number {
  if (value === 0 || value === '0') return 0;
  const ms = typeof value === 'string' ? composeDuration(value.trim()) : undefined;
  if (ms === undefined) throw where.error(`${describeValue(value)} is not a duration`, accepted);
  return Math.round(ms);
}
