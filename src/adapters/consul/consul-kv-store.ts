import { UnreachableError } from '../../errors';
import type { KvEntry, KvStore } from '../../ports/kv-store';
import type { ConsulConnection } from './connect-consul';
import { toBoolean, toConsulKvItem } from './consul-kv-item';

/** KvStore on Consul's KV HTTP API: GET (?recurse, ?keys&separator), PUT (?cas), DELETE (?cas). */
export class ConsulKvStore implements KvStore {
  readonly description: string;

  constructor(private readonly consul: ConsulConnection) {
    this.description = consul.description;
  }

  async get(key: string, signal: AbortSignal): Promise<KvEntry | undefined> {
    const raw: unknown = await this.consul.call(`reading key ${key}`, signal, (client, o) => client.kv.get({ key, ...o }), { needs: `key "${key}" read` });
    if (raw === undefined || raw === null) return undefined;
    const { session: _session, ...entry } = toConsulKvItem(raw, this.description);
    return entry;
  }

  async list(prefix: string, signal: AbortSignal): Promise<readonly KvEntry[]> {
    const raw: unknown = await this.consul.call(`listing keys under ${prefix}`, signal, (client, o) => client.kv.get({ key: prefix, recurse: true, ...o }), { needs: `key_prefix "${prefix}" read` });
    const items: readonly unknown[] = Array.isArray(raw) ? raw : raw === undefined || raw === null ? [] : [raw];
    return items
      .map((item) => {
        const { session: _session, ...entry } = toConsulKvItem(item, this.description);
        return entry;
      })
      .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }

  async keys(prefix: string, separator: string, signal: AbortSignal): Promise<readonly string[]> {
    const raw: unknown = await this.consul.call(`listing the key names under ${prefix}`, signal, (client, o) => client.kv.keys({ key: prefix, separator, ...o }), { needs: `key_prefix "${prefix}" read`, onNotFound: () => [] });
    if (!Array.isArray(raw) || !raw.every((key): key is string => typeof key === 'string')) {
      throw new UnreachableError(`${this.description} answered the key names under ${prefix} with something else than a list of names`, { hint: 'check that the address is a Consul agent\'s HTTP API' });
    }
    return [...raw].sort();
  }

  async put(key: string, value: string, options: { readonly cas?: number }, signal: AbortSignal): Promise<boolean> {
    const what = options.cas === undefined ? `writing key ${key}` : `writing key ${key} (check-and-set at index ${options.cas})`;
    const cas = options.cas === undefined ? {} : { cas: options.cas };
    const answer = await this.consul.exchange(what, signal, (client, o) => client.kv.set({ key, value, ...cas, ...o }), { needs: `key "${key}" write` });
    const written = toBoolean(answer.body, what, this.description);
    if (written || answer.attempts === 1) return written;
    // A try that failed (no leader, agent gone) may have been applied before its answer was lost, which
    // moves the index and makes this try's check-and-set fail: the value we meant to write is then a success.
    return (await this.get(key, signal))?.value === value;
  }

  async delete(key: string, options: { readonly cas?: number }, signal: AbortSignal): Promise<boolean> {
    const what = options.cas === undefined ? `deleting key ${key}` : `deleting key ${key} (check-and-set at index ${options.cas})`;
    const cas = options.cas === undefined ? {} : { cas: options.cas };
    const answer = await this.consul.exchange(what, signal, (client, o) => client.kv.del({ key, ...cas, ...o }), { needs: `key "${key}" write` });
    return toBoolean(answer.body, what, this.description);
  }
}
