import { isRecord, stringAt } from '../../domain/json-fields';
import { messageOf } from '../../errors';

/**
 * What went wrong with one engine call, decided from what dockerode/docker-modem, Node's net/tls
 * and ssh2 throw. The only code in the project that looks at HTTP status codes of the engine.
 */
export type EngineFailure =
  | { readonly kind: 'not-modified' }
  | { readonly kind: 'not-found'; readonly message: string }
  | { readonly kind: 'conflict'; readonly message: string }
  /** The engine speaks TLS but we sent plain HTTP. */
  | { readonly kind: 'tls-expected'; readonly message: string }
  | { readonly kind: 'engine'; readonly status: number; readonly message: string }
  | { readonly kind: 'network'; readonly code: string; readonly message: string }
  | { readonly kind: 'tls'; readonly code: string; readonly message: string }
  | { readonly kind: 'ssh-auth'; readonly message: string }
  /** The SSH server's host key is not the one known_hosts lists (or none is listed). */
  | { readonly kind: 'ssh-host-key'; readonly message: string }
  | { readonly kind: 'unknown'; readonly message: string };

const networkCodes = new Set([
  'ECONNREFUSED', 'ENOENT', 'EHOSTUNREACH', 'ENETUNREACH', 'ETIMEDOUT', 'ECONNRESET', 'EPIPE',
  'EACCES', 'EPERM', 'ENOTFOUND', 'EAI_AGAIN', 'ECONNABORTED', 'ENOTSOCK', 'EHOSTDOWN',
]);
const tlsCode = /^(ERR_TLS_|ERR_SSL_|ERR_OSSL_|UNABLE_TO_|CERT_|DEPTH_ZERO_|SELF_SIGNED_|EPROTO$)/;

export function classifyFailure(error: unknown): EngineFailure {
  const status = numericField(error, 'statusCode');
  if (status !== undefined) return classifyStatus(status, engineMessage(error));
  const message = messageOf(error);
  if (isRecord(error) && error['level'] === 'client-authentication') return { kind: 'ssh-auth', message };
  if (/^Host denied \(verification failed\)/.test(message)) return { kind: 'ssh-host-key', message };
  const code = stringAt(error, 'code');
  if (code !== undefined && tlsCode.test(code)) return { kind: 'tls', code, message };
  if (code !== undefined && networkCodes.has(code)) return { kind: 'network', code, message };
  if (/socket hang up/i.test(message)) return { kind: 'network', code: 'ECONNRESET', message };
  return { kind: 'unknown', message };
}

function classifyStatus(status: number, message: string): EngineFailure {
  if (status === 304) return { kind: 'not-modified' };
  if (status === 404) return { kind: 'not-found', message };
  if (status === 409) return { kind: 'conflict', message };
  if (status === 400 && /HTTP request to an HTTPS server/i.test(message)) return { kind: 'tls-expected', message };
  return { kind: 'engine', status, message };
}

/** The engine's own words: `{"message": "..."}` when present, else the modem's text without its prefix. */
function engineMessage(error: unknown): string {
  const json = isRecord(error) ? error['json'] : undefined;
  const fromJson = stringAt(json, 'message');
  if (fromJson !== undefined && fromJson.trim() !== '') return fromJson.trim();
  if (typeof json === 'string' && json.trim() !== '') return json.trim();
  if (Buffer.isBuffer(json) && json.length > 0) return json.toString('utf8').trim();
  const message = messageOf(error);
  return message.replace(/^\(HTTP code \d+\) [^-]*- /, '').trim();
}

function numericField(source: unknown, key: string): number | undefined {
  const value = isRecord(source) ? source[key] : undefined;
  return typeof value === 'number' ? value : undefined;
}
