import type { ComposeLocation } from './compose-location';
import { describeValue } from './raw-value';

const unitMs: Readonly<Record<string, number>> = { ns: 1e-6, us: 1e-3, µs: 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
const wholePattern = /^(?:\d+(?:\.\d*)?|\.\d+)(?:ns|us|µs|ms|s|m|h)(?:(?:\d+(?:\.\d*)?|\.\d+)(?:ns|us|µs|ms|s|m|h))*$/;
const partPattern = /(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|ms|s|m|h)/g;
const accepted = 'write a duration with a unit, like Compose: 10s, 1m30s, 500ms, 1h (units h, m, s, ms, us, ns)';

/**
 * Parses a Compose (Go-style) duration such as `1m30s`, `500ms` or `10s` into whole milliseconds
 * (rounded). `0` alone is accepted; any other bare number is rejected because Compose would read
 * it in nanoseconds, which is never what the author meant.
 */
export function parseDurationMs(value: unknown, where: ComposeLocation): number {
  if (value === 0 || value === '0') return 0;
  if (typeof value !== 'string' || !wholePattern.test(value.trim())) {
    throw where.error(`${describeValue(value)} is not a duration`, accepted);
  }
  let total = 0;
  for (const match of value.trim().matchAll(partPattern)) {
    total += Number(match[1]) * (unitMs[match[2] ?? ''] ?? 0);
  }
  return Math.round(total);
}
