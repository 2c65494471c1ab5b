const unitMs: Readonly<Record<string, number>> = { ns: 1e-6, us: 1e-3, 'µs': 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/**
 * Parses a Go duration ("10s", "1m30s", "250ms", "0"), as Consul does with time.ParseDuration.
 * Returns milliseconds, or undefined when the text is not a Go duration.
 */
export function parseGoDurationMs(text: string): number | undefined {
  if (text === '0') return 0;
  const match = /^([+-]?)((?:\d+(?:\.\d*)?|\.\d+)(?:ns|us|µs|ms|s|m|h))+$/.exec(text);
  if (match === null) return undefined;
  let totalMs = 0;
  for (const part of text.replace(/^[+-]/, '').matchAll(/(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|ms|s|m|h)/g)) {
    const amount = part[1];
    const unit = part[2];
    if (amount === undefined || unit === undefined) return undefined;
    totalMs += Number(amount) * (unitMs[unit] ?? Number.NaN);
  }
  return match[1] === '-' ? -totalMs : totalMs;
}
