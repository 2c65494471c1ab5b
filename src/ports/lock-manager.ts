/** The deploy lock of a service: one holder at a time, file locks (embedded) or Consul sessions. */
export interface LockHolder {
  /** user@hostname */
  readonly who: string;
  readonly pid: number;
  /** ISO time */
  readonly since: string;
  /** What the holder is doing: "deploy", "scale", ... */
  readonly operation: string;
}

export interface HeldLock {
  readonly service: string;
  readonly holder: LockHolder;
  /**
   * Aborted when the lock is no longer held (its Consul session ended, or could not be renewed for
   * its TTL), with a ConflictError naming the lock as reason. A file lock is never lost this way.
   */
  readonly lost: AbortSignal;
  /** Releases the lock; safe to call twice. */
  release(): Promise<void>;
}

export interface LockManager {
  /**
   * Takes the deploy lock of a service. When another holder has it: waits up to `waitMs`
   * (0 = fail at once) and then throws ConflictError naming the holder and since when.
   */
  acquire(service: string, holder: LockHolder, waitMs: number, signal: AbortSignal): Promise<HeldLock>;
  /** The current holder, or undefined. */
  status(service: string, signal: AbortSignal): Promise<LockHolder | undefined>;
  /** Operator override: removes a lock whoever holds it. Returns the holder it removed. */
  forceRelease(service: string, signal: AbortSignal): Promise<LockHolder | undefined>;
}
