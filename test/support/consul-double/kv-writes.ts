import type { DoubleResponse } from './double-http';
import { json, text } from './double-http';
import type { DoubleState, KvRecord } from './double-state';

/**
 * PUT and DELETE on one key with Consul's state-store rules (kvsSetCASTxn, kvsLockTxn,
 * kvsUnlockTxn, kvsDeleteCASTxn). `body` undefined means DELETE. Every applied write takes
 * the next raft index; a refused CAS, acquire or release answers `false` and changes nothing.
 */
export function applyKvWrite(state: DoubleState, key: string, query: URLSearchParams, body: Buffer | undefined): DoubleResponse {
  const exclusive = body === undefined ? ['recurse', 'cas'] : ['cas', 'acquire', 'release'];
  if (exclusive.filter((flag) => query.has(flag)).length > 1) return text(400, `Conflicting flags: ${query.toString()}\n`);
  const cas = query.has('cas') ? parseUint(query.get('cas') ?? '') : undefined;
  if (cas === null) return text(500, `strconv.ParseUint: parsing "${query.get('cas') ?? ''}": invalid syntax`);
  if (body === undefined) return json(deleteKeys(state, key, query.has('recurse'), cas));
  const flags = query.get('flags') ?? '0';
  if (parseUint(flags) === null) return text(500, `strconv.ParseUint: parsing "${flags}": invalid syntax`);
  const existing = state.kv.get(key);
  if (query.has('acquire')) return acquire(state, key, query.get('acquire') ?? '', body, flags, existing);
  if (query.has('release')) return release(state, key, query.get('release') ?? '', body, flags, existing);
  if (cas !== undefined && (cas === 0 ? existing !== undefined : existing?.modifyIndex !== cas)) return json(false);
  const index = state.nextIndex();
  store(state, { ...keep(existing, index), key, value: body, flags, modifyIndex: index });
  return json(true);
}

function acquire(state: DoubleState, key: string, session: string, body: Buffer, flags: string, existing: KvRecord | undefined): DoubleResponse {
  if (session === '') return text(500, 'missing session');
  if (!state.sessions.has(session)) return text(500, `invalid session "${session}"`);
  if ((state.lockDelayUntilMs.get(key) ?? 0) > Date.now()) return json(false);
  if (existing?.session !== undefined && existing.session !== session) return json(false);
  const index = state.nextIndex();
  const lockIndex = existing === undefined ? 1 : existing.session === session ? existing.lockIndex : existing.lockIndex + 1;
  store(state, { key, value: body, flags, createIndex: existing?.createIndex ?? index, modifyIndex: index, lockIndex, session });
  return json(true);
}

function release(state: DoubleState, key: string, session: string, body: Buffer, flags: string, existing: KvRecord | undefined): DoubleResponse {
  if (session === '') return text(500, 'missing session');
  if (existing === undefined || existing.session !== session) return json(false);
  const index = state.nextIndex();
  store(state, { key, value: body, flags, createIndex: existing.createIndex, modifyIndex: index, lockIndex: existing.lockIndex });
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
  state.kvIndex = index;
  state.changed();
  return true;
}

/** A plain set keeps the entry's creation, lock count and holder. */
function keep(existing: KvRecord | undefined, index: number): Pick<KvRecord, 'createIndex' | 'lockIndex'> & { session?: string } {
  if (existing === undefined) return { createIndex: index, lockIndex: 0 };
  return { createIndex: existing.createIndex, lockIndex: existing.lockIndex, ...(existing.session === undefined ? {} : { session: existing.session }) };
}

function store(state: DoubleState, record: KvRecord): void {
  state.kv.set(record.key, record);
  state.tombstones.delete(record.key);
  state.kvIndex = record.modifyIndex;
  state.changed();
}

function parseUint(value: string): number | null {
  return /^\d+$/.test(value) && Number.isSafeInteger(Number(value)) ? Number(value) : null;
}
