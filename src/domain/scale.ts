import { ConfigError } from '../errors';

/** `--scale=3` sets the count; `--scale=+2` / `--scale=-1` change the stored count. */
export type ScaleRequest =
  | { readonly kind: 'absolute'; readonly count: number }
  | { readonly kind: 'relative'; readonly delta: number };

/** The most instances one service may have, and one scale may start or stop: a typo guard (`--scale=+10000`). */
export const maxInstances = 1000;

const scalePattern = /^([+-]?)(\d+)$/;

/** Parses the value of `--scale` / `scale:` / FLOW_SCALE. `key` names the source in errors. */
export function parseScale(raw: string, key = '--scale'): ScaleRequest {
  const match = scalePattern.exec(raw.trim());
  const sign = match?.[1];
  const digits = match?.[2];
  if (match === null || sign === undefined || digits === undefined) {
    throw new ConfigError(key, `"${raw}" is not a scale`, {
      hint: 'use a whole number (3) to set the instance count, or +N / -N (+2, -1) to change the current count',
    });
  }
  const amount = Number.parseInt(digits, 10);
  if (sign === '') {
    if (amount < 1) {
      throw new ConfigError(key, `"${raw}" would leave no instance`, { hint: 'use 1 or more; to stop a service use --flow=stop-old' });
    }
    return { kind: 'absolute', count: amount };
  }
  return { kind: 'relative', delta: sign === '-' ? -amount : amount };
}

/**
 * The instance count after applying a request to the stored count (`current`; undefined before
 * the first deploy, when `fallback` — the compose file's deploy.replicas or 1 — is the base).
 * A result below 1 is bad input naming the current count (the original silently used 1).
 */
export function resolveScale(current: number | undefined, request: ScaleRequest | undefined, fallback = 1): number {
  const base = current ?? fallback;
  if (request === undefined) return base;
  if (request.kind === 'absolute') return request.count;
  const result = base + request.delta;
  if (result < 1) {
    throw new ConfigError('--scale', `${formatScale(request)} would leave ${result} instances; the service runs ${base} now`, {
      hint: base > 1 ? `the most it can shrink by is ${base - 1} (--scale=-${base - 1}); the result must be 1 or more` : 'it already runs 1 instance, the fewest allowed; to stop it, deploy another service or stop it by hand',
    });
  }
  return result;
}

export function formatScale(request: ScaleRequest): string {
  if (request.kind === 'absolute') return String(request.count);
  return request.delta >= 0 ? `+${request.delta}` : String(request.delta);
}
