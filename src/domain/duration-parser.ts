export type DurationUnit = 'ns' | 'us' | 'µs' | 'ms' | 's' | 'm' | 'h';

/** Milliseconds per unit, as Go's time.ParseDuration reads them (the grammar Compose and Consul use). */
const unitMs: ReadonlyMap<string, number> = new Map<DurationUnit, number>([
  ['ns', 1e-6], ['us', 1e-3], ['µs', 1e-3], ['ms', 1], ['s', 1000], ['m', 60_000], ['h', 3_600_000],
]);

/** One grammar of `<amount><unit>` sequences such as `1m30s`; the parsers differ only in these choices. */
export interface DurationGrammar {
  readonly units: readonly DurationUnit[];
  /** Go also reads `1.` and `.5`; docker-flow's own options want digits on both sides of the point. */
  readonly looseFractions: boolean;
  /** A leading `+` or `-` (Go); a negative duration comes out negative. */
  readonly signed: boolean;
}

/**
 * The shared core of every duration parser: a function from text to milliseconds (not rounded),
 * undefined when the text is not a non-empty sequence of `<amount><unit>` parts of the grammar.
 * Bare numbers (`0`, plain seconds) are each caller's own rule.
 */
export function durationParser(grammar: DurationGrammar): (text: string) => number | undefined {
  const amount = grammar.looseFractions ? String.raw`\d+(?:\.\d*)?|\.\d+` : String.raw`\d+(?:\.\d+)?`;
  // longest unit first, so `ms` is never read as `m` followed by garbage
  const units = [...grammar.units].sort((a, b) => b.length - a.length).join('|');
  const whole = new RegExp(`^${grammar.signed ? '([+-]?)' : '()'}(?:(?:${amount})(?:${units}))+$`);
  const part = new RegExp(`(${amount})(${units})`, 'g');
  return (text) => {
    const match = whole.exec(text);
    if (match === null) return undefined;
    let totalMs = 0;
    for (const [, value, unit] of text.matchAll(part)) {
      const factor = unitMs.get(unit ?? '');
      if (factor === undefined) return undefined;
      totalMs += Number(value) * factor;
    }
    return match[1] === '-' ? -totalMs : totalMs;
  };
}

export const goDurationUnits: readonly DurationUnit[] = ['ns', 'us', 'µs', 'ms', 's', 'm', 'h'];

const goDuration = durationParser({ units: goDurationUnits, looseFractions: true, signed: true });

/**
 * A Go duration ("10s", "1m30s", "-250ms", "0") as time.ParseDuration reads it (Consul's
 * parameters): milliseconds, not rounded; undefined when the text is not one.
 */
export function parseGoDurationMs(text: string): number | undefined {
  return text === '0' ? 0 : goDuration(text);
}
