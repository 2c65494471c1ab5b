import { blockingRead } from './blocking-query';
import type { ReadResult } from './blocking-query';
import type { DoubleRequest, DoubleResponse } from './double-http';
import { json, methodNotAllowed, text } from './double-http';
import type { DoubleState, KvRecord } from './double-state';
import { applyKvWrite } from './kv-writes';

const maxValueBytes = 512 * 1024;
const suspiciousExtensions = ['.js', '.css', '.html', '.htm', '.xml', '.json', '.txt', '.log', '.php', '.sh', '.exe', '.zip', '.tar', '.gz', '.png', '.jpg', '.svg'];

/** `/v1/kv/<key>`: GET (single, ?recurse, ?keys&separator, ?raw), PUT (?cas, ?acquire, ?release, ?flags), DELETE (?cas, ?recurse). */
export async function handleKv(state: DoubleState, request: DoubleRequest): Promise<DoubleResponse> {
  const key = decodePath(request.path.slice('/kv/'.length));
  if (key === undefined || key.includes('../')) return text(400, 'URL path contains invalid traversal sequence');
  const invalid = key === '' ? undefined : validateKey(key);
  if (invalid !== undefined) return text(400, invalid);
  const query = request.query;
  switch (request.method) {
    case 'GET':
      if (query.has('keys')) return blockingRead(state, request, () => readKeys(state, key, query.get('separator') ?? ''));
      if (!query.has('recurse') && key === '') return text(400, 'Missing key name');
      return blockingRead(state, request, () => (query.has('recurse') ? readTree(state, key) : readOne(state, key, query.has('raw'))));
    case 'PUT':
      if (key === '') return text(400, 'Missing key name');
      if (request.body.length > maxValueBytes) return text(413, `Request body(${request.body.length} bytes) too large, max size: ${maxValueBytes} bytes.`);
      return applyKvWrite(state, key, query, request.body);
    case 'DELETE':
      if (!query.has('recurse') && key === '') return text(400, 'Missing key name');
      return applyKvWrite(state, key, query, undefined);
    default:
      return methodNotAllowed(request.method, ['GET', 'PUT', 'DELETE']);
  }
}

function decodePath(raw: string): string | undefined {
  try {
    return decodeURIComponent(raw);
  } catch {
    return undefined;
  }
}

/** Consul 1.2x's key rules: alphanumerics and `,-_./`, no leading `/`, no `../`, no file-like extension. */
function validateKey(key: string): string | undefined {
  if (key.startsWith('/')) return "key must not begin with a '/'";
  const bad = /[^A-Za-z0-9,\-_./]/.exec(key);
  if (bad !== null) return `key contains invalid character '${bad[0]}' at position ${bad.index}. Only alphanumeric characters and ,-_./ are allowed`;
  if (key.includes('../')) return 'key contains path traversal sequence';
  const extension = suspiciousExtensions.find((ext) => key.toLowerCase().endsWith(ext));
  return extension === undefined ? undefined : `key contains suspicious file extension '${extension}' that may be cached by proxies`;
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

function readOne(state: DoubleState, key: string, raw: boolean): ReadResult {
  const record = state.kv.get(key);
  if (record === undefined) return { index: state.kvIndex, response: { status: 404, body: '', contentType: 'text/plain; charset=utf-8' } };
  if (raw) return { index: state.kvIndex, response: { status: 200, body: record.value, contentType: 'text/plain', headers: { 'X-Content-Type-Options': 'nosniff' } } };
  return { index: state.kvIndex, response: json([entryJson(record)]) };
}

function underPrefix(state: DoubleState, prefix: string): readonly KvRecord[] {
  return [...state.kv.values()].filter((record) => record.key.startsWith(prefix)).sort((a, b) => (a.key < b.key ? -1 : 1));
}

/** The index of a prefix: the newest change under it (tombstones included), else the table's. */
function prefixIndex(state: DoubleState, prefix: string, records: readonly KvRecord[]): number {
  let index = 0;
  for (const record of records) index = Math.max(index, record.modifyIndex);
  for (const [key, deletedAt] of state.tombstones) if (key.startsWith(prefix)) index = Math.max(index, deletedAt);
  return index === 0 ? state.kvIndex : index;
}

function readTree(state: DoubleState, prefix: string): ReadResult {
  const records = underPrefix(state, prefix);
  const index = prefixIndex(state, prefix, records);
  if (records.length === 0) return { index, response: { status: 404, body: '', contentType: 'text/plain; charset=utf-8' } };
  return { index, response: json(records.map(entryJson)) };
}

function readKeys(state: DoubleState, prefix: string, separator: string): ReadResult {
  const records = underPrefix(state, prefix);
  const keys = new Set<string>();
  for (const record of records) {
    const rest = record.key.slice(prefix.length);
    const cut = separator === '' ? -1 : rest.indexOf(separator);
    keys.add(cut === -1 ? record.key : record.key.slice(0, prefix.length + cut + separator.length));
  }
  const index = prefixIndex(state, prefix, records);
  if (keys.size === 0 && prefix !== '') return { index, response: { status: 404, body: '', contentType: 'text/plain; charset=utf-8' } };
  return { index, response: json([...keys].sort()) };
}
