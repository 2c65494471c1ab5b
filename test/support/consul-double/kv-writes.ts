import type { DoubleResponse } from './double-http';
import { json, text } from './double-http';
import type { DoubleState } from './double-state';
import type { KvRecord } from './records';

/**
 * PUT and DELETE on one key with Consul's state-store rules (kvsSetTxn, kvsLockTxn,
 * kvsUnlockTxn, kvsDeleteCASTxn). `body` undefined means DELETE. A write that would leave the
 * entry as it is (same value, flags, session and lock index) changes nothing: no index moves and
 * no blocking read wakes. A refused CAS, acquire or release answers `false` and changes nothing.
 */
export function applyKvWrite(state: DoubleState, key: string, query: URLSearchParams, body: Buffer | undefined): DoubleResponse {
  const exclusive = body === undefined ? ['recurse', 'cas'] : ['cas', 'acquire', 'release'];
  if (exclusive.filter((flag) => query.has(flag)).length > 1) return text(400, `Conflicting flags: ${sortedQuery(query)}`);
  const cas = query.has('cas') ? parseUint(query.get('cas') ?? '') : undefined;
  if (cas === null) return text(500, `strconv.ParseUint: parsing "${query.get('cas') ?? ''}": invalid syntax`);
  if (body === undefined) return json(deleteKeys(state, key, query.has('recurse'), cas));
  const flags = query.get('flags') ?? '0';
  if (parseUint(flags) === null) return text(500, `strconv.ParseUint: parsing "${flags}": invalid syntax`);
  const existing = state.kv.get(key);
  const entry = { key, value: body, flags };
  if (query.has('acquire')) return acquire(state, entry, query.get('acquire') ?? '', existing);
  if (query.has('release')) return release(state, entry, query.get('release') ?? '', existing);
  if (cas !== undefined && (cas === 0 ? existing !== undefined : existing?.modifyIndex !== cas)) return json(false);
  // A plain set keeps the holder's session but not its lock count.
  store(state, { ...entry, lockIndex: 0, ...(existing?.session === undefined ? {} : { session: existing.session }) }, existing);
  return json(true);
}

type Entry = Pick<KvRecord, 'key' | 'value' | 'flags'>;

function acquire(state: DoubleState, entry: Entry, session: string, existing: KvRecord | undefined): DoubleResponse {
  if (session === '') return text(500, 'raft apply failed: missing session');
  if (!state.sessions.has(session)) return text(500, `raft apply failed: invalid session "${session}"`);
  if ((state.lockDelayUntilMs.get(entry.key) ?? 0) > Date.now()) return json(false);
  if (existing?.session !== undefined && existing.session !== session) return json(false);
  const lockIndex = existing === undefined ? 1 : existing.session === session ? existing.lockIndex : existing.lockIndex + 1;
  store(state, { ...entry, lockIndex, session }, existing);
  return json(true);
}

function release(state: DoubleState, entry: Entry, session: string, existing: KvRecord | undefined): DoubleResponse {
  if (session === '') return text(500, 'raft apply failed: missing session');
  if (existing === undefined || existing.session !== session) return json(false);
  store(state, { ...entry, lockIndex: existing.lockIndex }, existing);
  return json(true);
}

function deleteKeys(state: DoubleState, key: string, recurse: boolean, cas: number | undefined): boolean {
  const existing = state.kv.get(key);
  if (cas !== undefined && (existing === undefined || existing.modifyIndex !== cas)) return existing === undefined;
  const doomed = recurse ? [...state.kv.keys()].filter((name) => name.startsWith(key)) : existing === undefined ? [] : [key];
  if (doomed.length === 0) return true;
  const index = state.nextIndex();
  for (const name of doomed) {
    state.kv.delete(name);
    state.tombstones.set(name, index);
  }
  state.bump('kvs', index);
  state.bump('tombstones', index);
  state.changed();
  return true;
}

/** Writes the entry unless it equals what is stored (Consul's DirEntry.Equal: value, flags, session, lock index). */
function store(state: DoubleState, entry: Omit<KvRecord, 'createIndex' | 'modifyIndex'>, existing: KvRecord | undefined): void {
  if (existing !== undefined && existing.value.equals(entry.value) && existing.flags === entry.flags && existing.session === entry.session && existing.lockIndex === entry.lockIndex) return;
  const index = state.nextIndex();
  state.kv.set(entry.key, { ...entry, createIndex: existing?.createIndex ?? index, modifyIndex: index });
  state.tombstones.delete(entry.key);
  state.bump('kvs', index);
  state.changed();
}

/** Go's url.Values.Encode(): keys sorted. */
function sortedQuery(query: URLSearchParams): string {
  return new URLSearchParams([...query].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))).toString();
}

function parseUint(value: string): number | null {
  return /^\d+$/.test(value) && Number.isSafeInteger(Number(value)) ? Number(value) : null;
}
