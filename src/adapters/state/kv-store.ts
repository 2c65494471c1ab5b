/**
 * The state docker-flow keeps: a key-value store with Consul's semantics, so the embedded
 * file store and Consul KV are interchangeable. Keys look like `docker-flow/<service>/color`.
 */
export interface KvEntry {
  readonly key: string;
  readonly value: string;
  /** Consul's ModifyIndex: changes on every write of this key; used for check-and-set. */
  readonly modifyIndex: number;
}

export interface KvStore {
  /** A human-readable name for messages: "Consul at http://127.0.0.1:8500", "embedded store at /var/lib/...". */
  readonly description: string;
  get(key: string, signal: AbortSignal): Promise<KvEntry | undefined>;
  /** Every key under a prefix, sorted by key. */
  list(prefix: string, signal: AbortSignal): Promise<readonly KvEntry[]>;
  /**
   * Writes `value`. With `cas` the write happens only if the key's modifyIndex still equals it
   * (`cas: 0`: only if the key does not exist). Returns false when check-and-set failed.
   */
  put(key: string, value: string, options: { readonly cas?: number }, signal: AbortSignal): Promise<boolean>;
  /** With `cas`, deletes only if the modifyIndex still equals it. Returns false when check-and-set failed. */
  delete(key: string, options: { readonly cas?: number }, signal: AbortSignal): Promise<boolean>;
}

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
