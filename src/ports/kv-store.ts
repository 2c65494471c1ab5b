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
   * The names of the keys under a prefix, sorted, without their values (Consul's `?keys&separator`):
   * a key that goes on past `separator` after the prefix is cut just after it and given once, so
   * `keys('docker-flow/', '/')` is the service folders (`docker-flow/app/`), however many records
   * each holds.
   */
  keys(prefix: string, separator: string, signal: AbortSignal): Promise<readonly string[]>;
  /**
   * Writes `value`. With `cas` the write happens only if the key's modifyIndex still equals it
   * (`cas: 0`: only if the key does not exist). Returns false when check-and-set failed.
   */
  put(key: string, value: string, options: { readonly cas?: number }, signal: AbortSignal): Promise<boolean>;
  /** With `cas`, deletes only if the modifyIndex still equals it. Returns false when check-and-set failed. */
  delete(key: string, options: { readonly cas?: number }, signal: AbortSignal): Promise<boolean>;
}
