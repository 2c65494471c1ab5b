/**
 * One error base class for everything a user can act on. Each subclass carries an exit code
 * (documented in the README) and a hint that says what to do next. `cli/main.ts` is the only
 * place that turns these into output and a process exit status.
 */
export const ExitCode = {
  ok: 0,
  /** A flow failed; the old release still serves (deploy rolled back, health gate failed). */
  flowFailed: 1,
  /** Bad input: options, docker-flow.yml, compose file, templates. Nothing was touched. */
  badInput: 2,
  /** Another deploy holds the lock, or a check-and-set write lost a race. Nothing was touched. */
  conflict: 3,
  /** A system docker-flow depends on could not be reached (engine, Consul, registry). */
  unreachable: 4,
  /** The proxy refused or failed a configuration; it keeps its last good one. */
  proxyFailed: 5,
  /** Interrupted (Ctrl-C / SIGTERM); the old release still serves. */
  interrupted: 130,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

export interface DockerFlowErrorOptions {
  readonly hint?: string;
  readonly cause?: unknown;
}

export class DockerFlowError extends Error {
  readonly exitCode: ExitCode = ExitCode.flowFailed;
  readonly hint: string | undefined;
  constructor(message: string, options: DockerFlowErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.hint = options.hint;
  }
}

/** Bad options, docker-flow.yml, compose file or template. `key` names where the problem is. */
export class ConfigError extends DockerFlowError {
  override readonly exitCode = ExitCode.badInput;
  readonly key: string;
  constructor(key: string, message: string, options: DockerFlowErrorOptions = {}) {
    super(`${key}: ${message}`, options);
    this.key = key;
  }
}

/** A deploy, scale, stop-old or rollback failed; the previous release is still the live one. */
export class FlowFailedError extends DockerFlowError {
  override readonly exitCode = ExitCode.flowFailed;
}

/** A health gate failed: a new instance never became healthy. */
export class UnhealthyError extends FlowFailedError {}

/** Stored state that docker-flow cannot read: names each key and why, and how to repair it. */
export class CorruptRecordError extends FlowFailedError {
  readonly records: readonly { readonly key: string; readonly reason: string }[];
  constructor(records: readonly { readonly key: string; readonly reason: string }[], store: string) {
    super(`${records.map((r) => `${r.key} ${r.reason}`).join('; ')} (in the ${store})`, {
      hint: `look at ${records.length === 1 ? 'that key' : 'those keys'} and fix or delete ${records.length === 1 ? 'it' : 'them'} (Consul: consul kv get / consul kv delete; the embedded store keeps one JSON file per key in <state dir>/kv/), then run the command again`,
    });
    this.records = records;
  }
}

/** Lock held by someone else, or a check-and-set write lost a race. */
export class ConflictError extends DockerFlowError {
  override readonly exitCode = ExitCode.conflict;
}

/** A Docker engine, Consul or a registry could not be reached or refused the request. */
export class UnreachableError extends DockerFlowError {
  override readonly exitCode = ExitCode.unreachable;
}

/** The Docker engine answered with an error for an operation (not a connectivity problem). */
export class EngineError extends DockerFlowError {
  override readonly exitCode = ExitCode.flowFailed;
}

/** The proxy refused a configuration (haproxy -c) or failed to reload. */
export class ProxyError extends DockerFlowError {
  override readonly exitCode = ExitCode.proxyFailed;
}

/** The operator interrupted the command. */
export class InterruptedError extends DockerFlowError {
  override readonly exitCode = ExitCode.interrupted;
}

export function isDockerFlowError(value: unknown): value is DockerFlowError {
  return value instanceof DockerFlowError;
}

/** Why `signal` aborted, as an Error: the reason given to abort() (docker-flow always gives an Error; an AbortSignal.timeout's is a DOMException, an Error too), else one saying what it was. */
export function abortReason(signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  return reason instanceof Error ? reason : new Error(`aborted: ${messageOf(reason)}`);
}

/** What a failure says, whatever was thrown: an Error's message, else the value as text. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The `code` of a Node system error (ENOENT, ECONNREFUSED, ...) or a client's error, when it has a string one. */
export function errorCode(error: unknown): string | undefined {
  const code: unknown = typeof error === 'object' && error !== null ? Reflect.get(error, 'code') : undefined;
  return typeof code === 'string' ? code : undefined;
}

/** What an internal error (a bug) shows: its stack when it has one, else its message. */
export function stackOf(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}

/** Words said around a failure's message by the code that knows more: `${before}${message}${after}`. */
export interface ErrorContext {
  readonly before?: string;
  readonly after?: string;
}

/**
 * The same failure with more said about it: a new error of the same class with the same exit code,
 * hint, `cause` and fields (a ConfigError's key), whose message has the context around it. The
 * original is left as it was. Anything that is not a DockerFlowError (an internal error) is
 * returned unchanged, so its stack stays the one that points at the bug.
 */
export function withContext<T>(error: T, context: ErrorContext): T {
  if (!(error instanceof DockerFlowError)) return error;
  const message = `${context.before ?? ''}${error.message}${context.after ?? ''}`;
  const copy: unknown = Object.create(Reflect.getPrototypeOf(error), {
    ...Object.getOwnPropertyDescriptors(error),
    message: { value: message, writable: true, enumerable: false, configurable: true },
    stack: { value: restack(error, message), writable: true, enumerable: false, configurable: true },
  });
  return isLike(copy, error) ? copy : error;
}

/** `value` is an object of the very class of `like`. */
function isLike<T extends object>(value: unknown, like: T): value is T {
  return typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.getPrototypeOf(like);
}

/** The original's stack with the new message in its first line. */
function restack(error: Error, message: string): string | undefined {
  const head = `${error.name}: ${error.message}`;
  return error.stack?.startsWith(head) === true ? `${error.name}: ${message}${error.stack.slice(head.length)}` : error.stack;
}
