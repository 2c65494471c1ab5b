import type { KvEntry, KvStore } from '../state/kv-store';
import type { ConsulConnection } from './connect-consul';
import { toBoolean, toConsulKvItem } from './consul-kv-item';

/** KvStore on Consul's KV HTTP API: GET (?recurse), PUT (?cas), DELETE (?cas). */
export class ConsulKvStore implements KvStore {
  readonly description: string;

  constructor(private readonly consul: ConsulConnection) {
    this.description = consul.description;
  }

  async get(key: string, signal: AbortSignal): Promise<KvEntry | undefined> {
    const raw: unknown = await this.consul.call(`reading key ${key}`, signal, (o) => this.consul.client.kv.get({ key, ...o }));
    if (raw === undefined || raw === null) return undefined;
    const { session: _session, ...entry } = toConsulKvItem(raw, this.description);
    return entry;
  }

  async list(prefix: string, signal: AbortSignal): Promise<readonly KvEntry[]> {
    const raw: unknown = await this.consul.call(`listing keys under ${prefix}`, signal, (o) => this.consul.client.kv.get({ key: prefix, recurse: true, ...o }));
    const items: readonly unknown[] = Array.isArray(raw) ? raw : raw === undefined || raw === null ? [] : [raw];
    return items
      .map((item) => {
        const { session: _session, ...entry } = toConsulKvItem(item, this.description);
        return entry;
      })
      .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }

  async put(key: string, value: string, options: { readonly cas?: number }, signal: AbortSignal): Promise<boolean> {
    const what = options.cas === undefined ? `writing key ${key}` : `writing key ${key} (check-and-set at index ${options.cas})`;
    const cas = options.cas === undefined ? {} : { cas: options.cas };
    const answer = await this.consul.exchange(what, signal, (o) => this.consul.client.kv.set({ key, value, ...cas, ...o }));
    return toBoolean(answer.body, what, this.description);
  }

  async delete(key: string, options: { readonly cas?: number }, signal: AbortSignal): Promise<boolean> {
    const what = options.cas === undefined ? `deleting key ${key}` : `deleting key ${key} (check-and-set at index ${options.cas})`;
    const cas = options.cas === undefined ? {} : { cas: options.cas };
    const answer = await this.consul.exchange(what, signal, (o) => this.consul.client.kv.del({ key, ...cas, ...o }));
    return toBoolean(answer.body, what, this.description);
  }
}
