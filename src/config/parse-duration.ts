export const durationAccepts = 'seconds (30) or a duration with ms, s, m or h (500ms, 30s, 2m, 1m30s)';

const unitMs: Readonly<Record<string, number>> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
const number = String.raw`\d+(?:\.\d+)?`;
const plainSeconds = new RegExp(`^${number}$`);
const withUnits = new RegExp(`^(?:${number}(?:ms|s|m|h))+$`);
const part = new RegExp(`(${number})(ms|s|m|h)`, 'g');

/**
 * Milliseconds from `30` (plain seconds), `30s`, `2m`, `500ms`, `1h`, or a sequence such as
 * `1m30s`. Undefined when the text is not a duration. Fractions round to whole milliseconds.
 */
export function parseDurationMs(text: string): number | undefined {
  if (plainSeconds.test(text)) return Math.round(Number(text) * 1000);
  if (!withUnits.test(text)) return undefined;
  let total = 0;
  for (const match of text.matchAll(part)) {
    const amount = match[1];
    const unit = match[2];
    const factor = unit === undefined ? undefined : unitMs[unit];
    if (amount === undefined || factor === undefined) return undefined;
    total += Number(amount) * factor;
  }
  return Math.round(total);
}

/** How a duration reads in help and messages: whole seconds as `30s`, else milliseconds. */
export function formatDuration(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000}s` : `${ms}ms`;
}
