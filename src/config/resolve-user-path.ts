import { join, resolve } from 'node:path';

/** An absolute path from one the user wrote: `~` and `~/…` expand to `home`, relative paths resolve against `baseDir`. */
export function resolveUserPath(value: string, baseDir: string, home: string): string {
  const expanded = value === '~' ? home : value.startsWith('~/') ? join(home, value.slice(2)) : value;
  return resolve(baseDir, expanded);
}
