import { ConfigError } from '../../src/errors';

/** A positive whole number from the environment variable `name`, or `fallback` when unset. */
export function envCount(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) {
    throw new ConfigError(name, `must be a whole number of 1 or more, got "${raw}"`, { hint: `unset ${name} to use ${fallback}` });
  }
  return value;
}

/** A TCP port from the environment variable `name`, or `fallback` when unset. */
export function envPort(name: string, fallback: number): number {
  const port = envCount(name, fallback);
  if (port > 65535) throw new ConfigError(name, `must be a port 1-65535, got ${port}`, { hint: `unset ${name} to use ${fallback}` });
  return port;
}
