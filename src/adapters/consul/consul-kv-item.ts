import { UnreachableError } from '../../errors';
import type { KvEntry } from '../../ports/kv-store';

/** A KV entry as docker-flow needs it from Consul's answer: the entry and, when locked, its session. */
export interface ConsulKvItem extends KvEntry {
  readonly session?: string;
}

/**
 * Maps one item of `GET /v1/kv/<key>` (after the `consul` client decoded its base64 Value) into
 * our type. A null Value is an empty value. Anything else is an answer we cannot use.
 */
export function toConsulKvItem(raw: unknown, description: string): ConsulKvItem {
  const key: unknown = field(raw, 'Key');
  const value: unknown = field(raw, 'Value');
  const modifyIndex: unknown = field(raw, 'ModifyIndex');
  const session: unknown = field(raw, 'Session');
  if (typeof key !== 'string' || typeof modifyIndex !== 'number' || (value !== null && value !== undefined && typeof value !== 'string')) {
    throw new UnreachableError(`${description} answered a KV read with an entry docker-flow cannot read: ${JSON.stringify(raw)}`, {
      hint: 'check that --consul-address points at a Consul agent (HTTP API v1)',
    });
  }
  return { key, value: typeof value === 'string' ? value : '', modifyIndex, ...(typeof session === 'string' && session !== '' ? { session } : {}) };
}

export function toBoolean(raw: unknown, what: string, description: string): boolean {
  if (typeof raw === 'boolean') return raw;
  throw new UnreachableError(`${description} answered ${what} with ${JSON.stringify(raw)} instead of true or false`, {
    hint: 'check that --consul-address points at a Consul agent (HTTP API v1)',
  });
}

function field(raw: unknown, name: string): unknown {
  return typeof raw === 'object' && raw !== null ? Reflect.get(raw, name) : undefined;
}
