import { blockingRead } from './blocking-query';
import type { ReadResult } from './blocking-query';
import type { DoubleRequest, DoubleResponse } from './double-http';
import { empty, json, methodNotAllowed, permissionDenied, text } from './double-http';
import type { DoubleState } from './double-state';
import { applyKvWrite } from './kv-writes';
import type { KvRecord } from './records';

const maxValueBytes = 512 * 1024;

/**
 * `/v1/kv/<key>`: GET (single, ?recurse, ?keys&separator, ?raw), PUT (?cas, ?acquire, ?release,
 * ?flags), DELETE (?cas, ?recurse). Keys are taken as the agent's router leaves them (decoded,
 * cleaned): any character goes. With ACLs, a single key needs key:read (403 otherwise), lists
 * leave out what the token may not read (404 when nothing is left), writes need key:write.
 */
export async function handleKv(state: DoubleState, request: DoubleRequest): Promise<DoubleResponse> {
  const key = request.path.slice('/kv/'.length);
  const { query, authz } = request;
  switch (request.method) {
    case 'GET':
      if (query.has('keys')) return blockingRead(state, request, () => readKeys(state, request, key, query.get('separator') ?? ''));
      if (query.has('recurse')) return blockingRead(state, request, () => readTree(state, request, key));
      if (key === '') return text(400, 'Missing key name');
      if (!authz.allows('key', key, 'read')) return permissionDenied();
      return blockingRead(state, request, () => readOne(state, key, query.has('raw')));
    case 'PUT':
      if (key === '') return text(400, 'Missing key name');
      if (request.body.length > maxValueBytes) {
        return text(413, `Request body(${request.body.length} bytes) too large, max size: ${maxValueBytes} bytes. See https://www.consul.io/docs/agent/options.html#kv_max_value_size.`);
      }
      if (!authz.allows('key', key, 'write')) return permissionDenied();
      return applyKvWrite(state, key, query, request.body);
    case 'DELETE':
      if (!query.has('recurse') && key === '') return text(400, 'Missing key name');
      if (!(query.has('recurse') ? authz.allowsKeyPrefixWrite(key) : authz.allows('key', key, 'write'))) return permissionDenied();
      return applyKvWrite(state, key, query, undefined);
    default:
      return methodNotAllowed(request.method, ['GET', 'PUT', 'DELETE']);
  }
}

function entryJson(record: KvRecord): Readonly<Record<string, unknown>> {
  return {
    LockIndex: record.lockIndex,
    Key: record.key,
    Flags: Number(record.flags),
    Value: record.value.length === 0 ? null : record.value.toString('base64'),
    ...(record.session === undefined ? {} : { Session: record.session }),
    CreateIndex: record.createIndex,
    ModifyIndex: record.modifyIndex,
  };
}

/** One key answers with its own ModifyIndex and wakes only when it changes; a missing one with the table's index. */
function readOne(state: DoubleState, key: string, raw: boolean): ReadResult {
  const record = state.kv.get(key);
  if (record === undefined) {
    const index = state.maxIndex('kvs', 'tombstones');
    return { index, response: empty(404), watch: `missing at ${index}`, notFound: true };
  }
  const watch = JSON.stringify(entryJson(record));
  if (raw) return { index: record.modifyIndex, response: { status: 200, body: record.value, contentType: 'text/plain' }, watch };
  return { index: record.modifyIndex, response: json([entryJson(record)]), watch };
}

function underPrefix(state: DoubleState, prefix: string): readonly KvRecord[] {
  return [...state.kv.values()].filter((record) => record.key.startsWith(prefix)).sort((a, b) => (a.key < b.key ? -1 : 1));
}

/** A prefix: the newest change under it (deletions included), else the table's index; it wakes on changes under it. */
function prefixRead(state: DoubleState, request: DoubleRequest, prefix: string): { index: number; records: readonly KvRecord[]; watch: string } {
  const records = underPrefix(state, prefix);
  const graves = [...state.tombstones].filter(([key]) => key.startsWith(prefix));
  const newest = Math.max(0, ...records.map((record) => record.modifyIndex), ...graves.map(([, index]) => index));
  const index = prefix === '' || newest === 0 ? state.maxIndex('kvs', 'tombstones') : newest;
  const readable = records.filter((record) => request.authz.allows('key', record.key, 'read'));
  return { index, records: readable, watch: JSON.stringify([records.map(entryJson), graves]) };
}

function readTree(state: DoubleState, request: DoubleRequest, prefix: string): ReadResult {
  const { index, records, watch } = prefixRead(state, request, prefix);
  return { index, watch, response: records.length === 0 ? empty(404) : json(records.map(entryJson)) };
}

function readKeys(state: DoubleState, request: DoubleRequest, prefix: string, separator: string): ReadResult {
  const { index, records, watch } = prefixRead(state, request, prefix);
  const keys = new Set<string>();
  for (const record of records) {
    const rest = record.key.slice(prefix.length);
    const cut = separator === '' ? -1 : rest.indexOf(separator);
    keys.add(cut === -1 ? record.key : record.key.slice(0, prefix.length + cut + separator.length));
  }
  return { index, watch, response: keys.size === 0 ? empty(404) : json([...keys].sort()) };
}
