import { messageOf } from '../../../src/errors';

/** One request as the double's handlers see it. `path` is the raw path after `/v1`. */
export interface DoubleRequest {
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly body: Buffer;
  /** Aborted when the client goes away (ends blocking queries early). */
  readonly signal: AbortSignal;
}

export interface DoubleResponse {
  readonly status: number;
  readonly body: string | Buffer;
  readonly contentType: string;
  /** X-Consul-Index (reads only); never below 1, as in Consul. */
  readonly index?: number;
  readonly headers?: Readonly<Record<string, string>>;
}

export type DoubleHandler = (request: DoubleRequest) => DoubleResponse | Promise<DoubleResponse>;

export function json(value: unknown, index?: number): DoubleResponse {
  return { status: 200, body: JSON.stringify(value), contentType: 'application/json', ...(index === undefined ? {} : { index }) };
}

/** An error the way Consul's HTTP server writes one: plain text with the reason. */
export function text(status: number, message: string, index?: number): DoubleResponse {
  return { status, body: message, contentType: 'text/plain; charset=utf-8', ...(index === undefined ? {} : { index }) };
}

export function methodNotAllowed(method: string, allowed: readonly string[]): DoubleResponse {
  return { ...text(405, `method ${method} not allowed`), headers: { Allow: allowed.join(',') } };
}

/** Consul decodes request bodies leniently into its structs; the double needs a JSON object or nothing. */
export function parseBodyObject(request: DoubleRequest): Readonly<Record<string, unknown>> | DoubleResponse {
  if (request.body.length === 0) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(request.body.toString('utf8'));
  } catch (error) {
    return text(400, `Request decode failed: ${messageOf(error)}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return text(400, 'Request decode failed: expected a JSON object');
  return Object.fromEntries(Object.entries(parsed));
}

export function isResponse(value: unknown): value is DoubleResponse {
  return typeof value === 'object' && value !== null && 'status' in value && 'contentType' in value;
}

/** A field of a decoded body, looked up case-insensitively like Go's encoding/json. */
export function field(body: Readonly<Record<string, unknown>>, name: string): unknown {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(body)) if (key.toLowerCase() === wanted) return value;
  return undefined;
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
