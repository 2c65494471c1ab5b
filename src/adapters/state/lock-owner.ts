import { hostname } from 'node:os';
import { link, rename } from 'node:fs/promises';
import { errorCode } from '../../errors';
import { readTextIfExists, removeIfExists, stateIoError, uniqueSiblingName } from './atomic-files';

/** Who wrote a lock file: enough to tell whether it is still ours, and whether its owner died. */
export interface LockOwner {
  readonly pid: number;
  readonly hostname: string;
  /** Random per acquisition, so a lock taken over by someone else is never removed by us. */
  readonly token: string;
}

export function parseLockOwner(value: unknown): LockOwner | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const pid = 'pid' in value ? value.pid : undefined;
  const host = 'hostname' in value ? value.hostname : undefined;
  const token = 'token' in value ? value.token : undefined;
  if (typeof pid !== 'number' || typeof host !== 'string' || typeof token !== 'string') return undefined;
  return { pid, hostname: host, token };
}

export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Whether a process with this pid runs on this machine (a process we may not signal still counts). */
export function isProcessAlive(pid: number): boolean {
  // pid 0 and negative pids address process groups: never probe them, never call them dead.
  if (!Number.isSafeInteger(pid) || pid <= 0) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return errorCode(error) !== 'ESRCH';
  }
}

/** A lock is stale only when it was taken on this machine by a process that no longer runs. */
export function isStaleOwner(owner: LockOwner, localHostname: string = hostname()): boolean {
  return owner.hostname === localHostname && !isProcessAlive(owner.pid);
}

export type LockFileRemoval = 'removed' | 'gone' | 'replaced';

/**
 * Removes a lock file only if it still holds `expectedText` (a stale lock, or our own), safely
 * against others doing the same: the file is first renamed aside, and if what was moved is not
 * what we expected (someone replaced it in between) it is linked back. Returns what happened.
 */
export async function removeLockFileIfUnchanged(path: string, expectedText: string): Promise<LockFileRemoval> {
  const aside = uniqueSiblingName(path, 'stale');
  try {
    await rename(path, aside);
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return 'gone';
    throw stateIoError('move aside the lock file', path, error);
  }
  try {
    const moved = await readTextIfExists(aside);
    if (moved === expectedText) return 'removed';
    try {
      await link(aside, path);
    } catch (error) {
      if (errorCode(error) !== 'EEXIST') throw stateIoError('put back the lock', path, error);
    }
    return 'replaced';
  } finally {
    await removeIfExists(aside);
  }
}
