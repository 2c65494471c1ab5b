import { durationParser } from '../domain/duration-parser';

export const durationAccepts = 'seconds (30) or a duration with ms, s, m or h (500ms, 30s, 2m, 1m30s)';

const withUnits = durationParser({ units: ['ms', 's', 'm', 'h'], looseFractions: false, signed: false });

/**
 * A duration of docker-flow's own options (flags, docker-flow.yml, environment) in milliseconds:
 * `30` (plain seconds), `30s`, `2m`, `500ms`, `1h`, or a sequence such as `1m30s`. Undefined when
 * the text is not a duration. Fractions round to whole milliseconds.
 */
export function parseOptionDurationMs(text: string): number | undefined {
  const ms = /^\d+(?:\.\d+)?$/.test(text) ? Number(text) * 1000 : withUnits(text);
  return ms === undefined ? undefined : Math.round(ms);
}

/** How a duration reads in help and messages: whole seconds as `30s`, else milliseconds. */
export function formatDuration(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000}s` : `${ms}ms`;
}
