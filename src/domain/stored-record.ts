import { RecordFields, RecordProblem } from './record-fields';

/** A stored record that could not be read: where it is and why. Reported (status, notes), never dropped silently. */
export interface CorruptRecord {
  readonly key: string;
  readonly reason: string;
}

export type StoredRecord<T> = { readonly ok: true; readonly record: T } | { readonly ok: false; readonly corrupt: CorruptRecord };

/** The record stored as JSON at `key`, or why it is not one (`what`: "a release record"). */
export function readJsonRecord<T>(key: string, text: string, what: string, read: (fields: RecordFields) => T): StoredRecord<T> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return corrupt(key, `is not ${what}: not JSON (${error instanceof SyntaxError ? error.message : 'unreadable'})`);
  }
  return readRecord(key, what, () => read(new RecordFields(json)));
}

/** `read` applied to the record at `key`; a RecordProblem it throws becomes the reason the record is corrupt. */
export function readRecord<T>(key: string, what: string, read: () => T): StoredRecord<T> {
  try {
    return { ok: true, record: read() };
  } catch (error) {
    if (error instanceof RecordProblem) return corrupt(key, `is not ${what}: ${error.message}`);
    throw error;
  }
}

function corrupt<T>(key: string, reason: string): StoredRecord<T> {
  return { ok: false, corrupt: { key, reason } };
}
