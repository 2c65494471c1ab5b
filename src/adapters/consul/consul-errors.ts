import { DockerFlowError, errorCode, InterruptedError, messageOf, UnreachableError } from '../../errors';

/** Consul refused the ACL token (HTTP 403). Exit code 4, like every Consul failure. */
export class ConsulPermissionError extends UnreachableError {}

export interface ConsulFailureContext {
  /** What docker-flow was doing: "reading key docker-flow/app/color". */
  readonly what: string;
  /** "Consul at http://127.0.0.1:8500" */
  readonly description: string;
  readonly timeoutMs: number;
  /** Where the token came from ("--consul-token", "CONSUL_HTTP_TOKEN"...), never the token itself. */
  readonly tokenSource: string | undefined;
  readonly hasToken: boolean;
  readonly interrupted: boolean;
  /** The ACL rights the request needs, as policy rules: `key "docker-flow/app/color" write`. */
  readonly needs?: string;
}

export const connectionCodes = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'ETIMEDOUT', 'EPIPE', 'ECONNABORTED']);

/**
 * The one place where failures of the `consul` client (papi errors, Node socket errors, HTTP
 * statuses) become DockerFlowErrors. Nothing outside src/adapters/consul sees a status code.
 */
export function translateConsulError(error: unknown, context: ConsulFailureContext): DockerFlowError {
  if (error instanceof DockerFlowError) return error;
  const { what, description } = context;
  const reachHint = `check that Consul runs there and that --consul-address (or CONSUL_HTTP_ADDR) points at it`;
  if (context.interrupted || flag(error, 'isAbort')) {
    return new InterruptedError(`${what} at ${description} was interrupted`, { hint: 'run the command again when ready', cause: error });
  }
  if (flag(error, 'isTimeout')) {
    return new UnreachableError(`${description} did not answer ${what} within ${context.timeoutMs} ms`, { hint: reachHint, cause: error });
  }
  const status = statusCode(error);
  if (status === undefined) {
    const code = errorCode(error);
    const seen = code !== undefined && connectionCodes.has(code) ? code : consulMessage(error);
    return new UnreachableError(`could not reach ${description} for ${what}: ${seen}`, { hint: reachHint, cause: error });
  }
  const message = consulMessage(error);
  if (status === 401 || status === 403) {
    const token = context.hasToken ? `the ACL token from ${context.tokenSource ?? 'the configuration'}` : 'the anonymous ACL token (no token was given)';
    const needs = context.needs ?? 'key_prefix "docker-flow/" write and session_prefix "" write';
    const unknown = /ACL not found/i.test(message);
    return new ConsulPermissionError(`${description} refused ${token} for ${what}: "${message}"${unknown ? '' : `; it needs ${needs}`}`, {
      hint: unknown
        ? `Consul does not know the token given by ${context.tokenSource ?? 'the configuration'}: check it (consul acl token read -self) or create one with the policy in the README ("Connecting")`
        : context.hasToken
          ? `add ${needs} to the policy of the token given by ${context.tokenSource ?? 'the configuration'} (the README's "Connecting" lists everything docker-flow needs)`
          : `give a token with --consul-token or CONSUL_HTTP_TOKEN whose policy allows ${needs} (the README's "Connecting" lists everything docker-flow needs)`,
      cause: error,
    });
  }
  if (status === 429 || status >= 500) {
    return new UnreachableError(`${description} failed ${what}: "${message}" (HTTP ${status})`, {
      hint: 'Consul reported an error of its own: check its servers (consul members, consul operator raft list-peers) and retry',
      cause: error,
    });
  }
  return new UnreachableError(`${description} rejected ${what}: "${message}" (HTTP ${status})`, {
    hint: 'Consul did not accept the request; check that the Consul version is 1.x and report this message if it persists',
    cause: error,
  });
}

/** Whether the failure is Consul's 404 (used by callers that expect "not found"). */
export function isConsulNotFound(error: unknown): boolean {
  return statusCode(error) === 404;
}

/** papi marks its errors with flags: isAbort, isTimeout, isResponse. */
export function flag(error: unknown, name: string): boolean {
  return typeof error === 'object' && error !== null && Reflect.get(error, name) === true;
}

export function statusCode(error: unknown): number | undefined {
  if (!flag(error, 'isResponse')) return undefined;
  const response: unknown = typeof error === 'object' && error !== null ? Reflect.get(error, 'response') : undefined;
  const status: unknown = typeof response === 'object' && response !== null ? Reflect.get(response, 'statusCode') : undefined;
  return typeof status === 'number' ? status : undefined;
}

/** Consul's own words: the plain-text body of its answer, else the client's message without its prefixes. */
export function consulMessage(error: unknown): string {
  const response: unknown = typeof error === 'object' && error !== null ? Reflect.get(error, 'response') : undefined;
  const body: unknown = typeof response === 'object' && response !== null ? Reflect.get(response, 'body') : undefined;
  const text = typeof body === 'string' ? body : Buffer.isBuffer(body) ? body.toString('utf8') : undefined;
  if (text !== undefined && text.trim() !== '') return text.trim();
  const message = messageOf(error);
  return message.replace(/^consul: [a-z.]+: /i, '');
}
