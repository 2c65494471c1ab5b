import { messageOf } from '../../../src/errors';
import type { Authorizer } from './acl-rules';

/** One request as the double's handlers see it. `path` is the decoded, cleaned path after `/v1`. */
export interface DoubleRequest {
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly body: Buffer;
  /** Aborted when the client goes away (ends blocking queries early). */
  readonly signal: AbortSignal;
  /** What the request's ACL token may do (everything when ACLs are off). */
  readonly authz: Authorizer;
}

export interface DoubleResponse {
  readonly status: number;
  readonly body: string | Buffer;
  /** None for Consul's empty answers (a KV 404, an unknown endpoint, the agent's writes). */
  readonly contentType?: string;
  /** X-Consul-Index (reads only); never below 1, as in Consul. */
  readonly index?: number;
  readonly headers?: Readonly<Record<string, string>>;
}

export type DoubleHandler = (request: DoubleRequest) => DoubleResponse | Promise<DoubleResponse>;

/** Every response the helpers below made, so a handler can tell one from a decoded body. */
const made = new WeakSet<object>();

function make(response: DoubleResponse): DoubleResponse {
  made.add(response);
  return response;
}

export function json(value: unknown, index?: number): DoubleResponse {
  return make({ status: 200, body: JSON.stringify(value), contentType: 'application/json', ...(index === undefined ? {} : { index }) });
}

/** An error the way Consul's HTTP server writes one: plain text with the reason. */
export function text(status: number, message: string, index?: number): DoubleResponse {
  return make({ status, body: message, contentType: 'text/plain; charset=utf-8', ...(index === undefined ? {} : { index }) });
}

/** An answer without body or Content-Type: a KV 404, an unknown endpoint, an agent write. */
export function empty(status: number): DoubleResponse {
  return make({ status, body: '' });
}

export const permissionDenied = (): DoubleResponse => text(403, 'Permission denied');

export function methodNotAllowed(method: string, allowed: readonly string[]): DoubleResponse {
  return make({ ...text(405, `method ${method} not allowed`), headers: { Allow: [...allowed, 'OPTIONS'].join(',') } });
}

/** Consul decodes request bodies leniently into its structs; the double needs a JSON object or nothing. */
export function parseBodyObject(request: DoubleRequest): Readonly<Record<string, unknown>> | DoubleResponse {
  if (request.body.length === 0) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(request.body.toString('utf8'));
  } catch (error) {
    // Go's decoder says "unexpected EOF" for a body cut short; V8 names the position of the end.
    const atEnd = /end of (JSON|data)|Unterminated/i.test(String(error)) || Number(/at position (\d+)/.exec(String(error))?.[1]) === request.body.toString('utf8').trimEnd().length;
    const truncated = error instanceof SyntaxError && atEnd;
    return text(400, `Request decode failed: ${truncated ? 'unexpected EOF' : messageOf(error)}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return text(400, 'Request decode failed: expected a JSON object');
  return Object.fromEntries(Object.entries(parsed));
}

export function isResponse(value: unknown): value is DoubleResponse {
  return typeof value === 'object' && value !== null && made.has(value);
}

/** A field of a decoded body, looked up case-insensitively like Go's encoding/json. */
export function field(body: Readonly<Record<string, unknown>>, name: string): unknown {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(body)) if (key.toLowerCase() === wanted) return value;
  return undefined;
}

export function hasField(body: Readonly<Record<string, unknown>>, name: string): boolean {
  return Object.keys(body).some((key) => key.toLowerCase() === name.toLowerCase());
}

export function stringField(body: Readonly<Record<string, unknown>>, name: string): string | undefined {
  const value = field(body, name);
  return typeof value === 'string' ? value : undefined;
}

export function recordField(body: Readonly<Record<string, unknown>>, name: string): Readonly<Record<string, unknown>> | undefined {
  const value = field(body, name);
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? Object.fromEntries(Object.entries(value)) : undefined;
}

export function stringListField(body: Readonly<Record<string, unknown>>, name: string): readonly string[] {
  const value = field(body, name);
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

export function recordList(value: unknown): readonly Readonly<Record<string, unknown>>[] {
  if (!Array.isArray(value)) return [];
  return value.filter((item): item is object => typeof item === 'object' && item !== null).map((item) => Object.fromEntries(Object.entries(item)));
}

/** A string map (Meta, NodeMeta, TaggedAddresses), or null when the body has none. */
export function stringRecord(value: Readonly<Record<string, unknown>> | undefined): Readonly<Record<string, string>> | null {
  if (value === undefined) return null;
  return Object.fromEntries(Object.entries(value).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
}
