import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { ConflictError } from '../../errors';
import type { Logger } from '../../logger';
import { abortableDelay } from './abortable-delay';
import { createFileExclusive, readTextIfExists, removeIfExists } from './atomic-files';
import { isStaleOwner, parseJson, parseLockOwner, removeLockFileIfUnchanged } from './lock-owner';

export interface FileMutexOptions {
  /** How long to wait for another holder before giving up with ConflictError. */
  readonly waitMs: number;
  /** Named in messages: "embedded store at /var/lib/docker-flow". */
  readonly what: string;
  readonly logger: Logger;
}

/** Pause between attempts: grows from 5 ms to 100 ms, so short critical sections are waited out quickly. */
export function mutexRetryDelayMs(attempt: number): number {
  return Math.min(100, 5 * 2 ** Math.min(attempt, 5));
}

/**
 * Runs `critical` while holding the exclusive lock file `path` (created atomically with our pid,
 * hostname and a random token). A lock left by a dead process on this machine is broken; a live
 * one is waited for, with bounded retries, up to `waitMs`. The file is removed afterwards only
 * if it is still ours.
 */
export async function withFileMutex<T>(path: string, options: FileMutexOptions, signal: AbortSignal, critical: () => Promise<T>): Promise<T> {
  const token = randomBytes(12).toString('hex');
  const content = JSON.stringify({ pid: process.pid, hostname: hostname(), token, since: new Date().toISOString() });
  const deadlineMs = Date.now() + options.waitMs;
  for (let attempt = 0; !(await createFileExclusive(path, content, signal)); attempt += 1) {
    const text = await readTextIfExists(path);
    if (text === undefined) continue;
    const owner = parseLockOwner(parseJson(text));
    if (owner !== undefined && isStaleOwner(owner)) {
      options.logger.warn(`breaking the lock ${path} of ${options.what} left by pid ${owner.pid}, which no longer runs`);
      await removeLockFileIfUnchanged(path, text);
      continue;
    }
    if (Date.now() >= deadlineMs) {
      const who = owner === undefined ? 'an unreadable owner' : `pid ${owner.pid} on ${owner.hostname}`;
      throw new ConflictError(`${options.what} stayed locked by ${who} for more than ${options.waitMs} ms (lock file ${path})`, {
        hint: `retry in a moment; if no docker-flow command is running, remove ${path}`,
      });
    }
    await abortableDelay(mutexRetryDelayMs(attempt), signal);
  }
  try {
    return await critical();
  } finally {
    const current = await readTextIfExists(path);
    if (current === content) await removeIfExists(path);
  }
}
