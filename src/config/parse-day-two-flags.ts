import { logColours, type LogColour } from '../domain/instance-selection';
import { ConfigError } from '../errors';
import { durationAccepts, parseOptionDurationMs } from './parse-option-duration';
import { suggestClosest } from './suggest-closest';

/**
 * The flags of docker-flow logs / exec / run / remove (command-line only): each is bad input
 * (exit 2) naming the flag, the value and what is accepted.
 */
export function parseInstanceNumber(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (/^[1-9]\d{0,5}$/.test(value)) return Number(value);
  throw new ConfigError('--instance', `"${value}" is not an instance number; accepted: a whole number from 1 (the container number: app-blue_3 is 3)`, {
    hint: 'docker-flow status lists the instances with their numbers',
  });
}

export function parseLogColour(value: string | undefined): LogColour {
  if (value === undefined) return 'live';
  const colour = logColours.find((candidate) => candidate === value);
  if (colour !== undefined) return colour;
  const close = suggestClosest(value, logColours);
  throw new ConfigError('--colour', `"${value}" is not accepted; accepted: ${logColours.join(', ')}`, {
    hint: close === undefined ? 'live is the live colour (the default), all every colour' : `did you mean --colour ${close}?`,
  });
}

/** `--tail N`: the last N lines of each instance; `all` (or nothing) for every line. */
export function parseTail(value: string | undefined): number | undefined {
  if (value === undefined || value === 'all') return undefined;
  if (/^\d{1,9}$/.test(value)) return Number(value);
  throw new ConfigError('--tail', `"${value}" is not accepted; accepted: a number of lines (e.g. 100) or all`, { hint: 'docker-flow logs --tail 100' });
}

/** `--since 10m` (a duration back from now) or `--since 2024-05-01T10:00:00Z` (a time): UNIX seconds. */
export function parseSince(value: string | undefined, nowMs: number): number | undefined {
  if (value === undefined) return undefined;
  const agoMs = parseOptionDurationMs(value);
  const atMs = agoMs === undefined && /^\d{4}-\d{2}-\d{2}/.test(value) ? Date.parse(value) : Number.NaN;
  if (agoMs !== undefined) return (nowMs - agoMs) / 1000;
  if (!Number.isNaN(atMs)) return atMs / 1000;
  throw new ConfigError('--since', `"${value}" is neither a duration nor a time; accepted: ${durationAccepts}, or an RFC 3339 time (2024-05-01T10:00:00Z)`, {
    hint: 'docker-flow logs --since 10m',
  });
}
