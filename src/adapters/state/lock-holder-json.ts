import type { LockHolder } from '../../ports/lock-manager';

/** The holder recorded in a lock (file or Consul key value), or undefined when it is not one. */
export function parseLockHolder(value: unknown): LockHolder | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const who = 'who' in value ? value.who : undefined;
  const pid = 'pid' in value ? value.pid : undefined;
  const since = 'since' in value ? value.since : undefined;
  const operation = 'operation' in value ? value.operation : undefined;
  if (typeof who !== 'string' || typeof pid !== 'number' || typeof since !== 'string' || typeof operation !== 'string') return undefined;
  return { who, pid, since, operation };
}

/** Only the LockHolder fields, in a fixed order, for writing. */
export function lockHolderFields(holder: LockHolder): LockHolder {
  return { who: holder.who, pid: holder.pid, since: holder.since, operation: holder.operation };
}

/** Stands in for a holder whose record cannot be read, so messages still name something. */
export function unknownLockHolder(seen: string): LockHolder {
  return { who: `an unknown holder (${seen})`, pid: 0, since: 'an unknown time', operation: 'unknown' };
}
