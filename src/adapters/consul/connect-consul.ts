import { EventEmitter } from 'node:events';
import Consul from 'consul';
import type { Logger } from '../../logger';
import { isConsulNotFound, translateConsulError } from './consul-errors';
import { parseConsulAddress } from './parse-consul-address';

export interface ConnectConsulOptions {
  /** `http://127.0.0.1:8500`, `https://consul:8501` or `127.0.0.1:8500`. */
  readonly address: string;
  readonly token?: string;
  /** Where the token came from, named in errors ("--consul-token", "CONSUL_HTTP_TOKEN"); never the token. */
  readonly tokenSource?: string;
  readonly logger: Logger;
  /** Limit of one request; blocking reads add their wait. Default 10 s. */
  readonly timeoutMs?: number;
}

/** What each `consul` client call receives: cancellation (papi's ctx) and its timeout. */
export interface ConsulCallOptions {
  readonly ctx: EventEmitter;
  readonly timeout: number;
}

export interface ConsulCallSettings<T> {
  /** Overrides the connection's timeout for this call (blocking reads: wait + margin). */
  readonly timeoutMs?: number;
  /** Result when Consul answers 404 instead of failing. */
  readonly onNotFound?: () => T;
}

/** Consul's answer body with its X-Consul-Index (`found` is false on Consul's 404). */
export interface ConsulAnswer {
  readonly body: unknown;
  readonly index: number;
  readonly found: boolean;
}

/**
 * One Consul agent. Every request goes through `call` or `read`: debug log, the caller's
 * AbortSignal, a timeout, and translation of every failure into a DockerFlowError
 * (UnreachableError, ConsulPermissionError, InterruptedError).
 */
export interface ConsulConnection {
  /** `http://127.0.0.1:8500` */
  readonly address: string;
  /** `Consul at http://127.0.0.1:8500` */
  readonly description: string;
  readonly client: Consul;
  readonly timeoutMs: number;
  call<T>(what: string, signal: AbortSignal, request: (options: ConsulCallOptions) => Promise<T>, settings?: ConsulCallSettings<T>): Promise<T>;
  /**
   * Like `call`, but resolves with the answer's body and X-Consul-Index: for blocking reads, and
   * for writes answering `true`/`false` (the `consul` client alone turns a `false` body into undefined).
   */
  exchange(what: string, signal: AbortSignal, request: (options: ConsulCallOptions) => Promise<unknown>, settings?: { readonly timeoutMs?: number }): Promise<ConsulAnswer>;
  /** Closes kept-alive sockets so the process can exit. */
  close(): void;
}

/** papi's request context: `cancel` aborts the request; `includeResponse` makes reads return [response, body]. */
class CallContext extends EventEmitter {
  canceled = false;
  constructor(readonly includeResponse: boolean) {
    super();
  }
}

export function connectConsul(options: ConnectConsulOptions): ConsulConnection {
  const parsed = parseConsulAddress(options.address);
  const token = options.token === undefined || options.token === '' ? undefined : options.token;
  const client = new Consul({ host: parsed.host, port: parsed.port, secure: parsed.secure, ...(token === undefined ? {} : { defaults: { token } }) });
  const description = `Consul at ${parsed.url}`;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const logger = options.logger.child({ consul: parsed.url });

  async function run<T>(what: string, signal: AbortSignal, includeResponse: boolean, request: (o: ConsulCallOptions) => Promise<T>, settings: ConsulCallSettings<T>): Promise<T> {
    const callTimeoutMs = settings.timeoutMs ?? timeoutMs;
    const ctx = new CallContext(includeResponse);
    const cancel = (): void => {
      ctx.canceled = true;
      ctx.emit('cancel');
    };
    const context = { what, description, timeoutMs: callTimeoutMs, tokenSource: options.tokenSource, hasToken: token !== undefined };
    if (signal.aborted) throw translateConsulError(signal.reason, { ...context, interrupted: true });
    signal.addEventListener('abort', cancel, { once: true });
    const startedMs = performance.now();
    logger.debug(`consul: ${what}`);
    try {
      const result = await request({ ctx, timeout: callTimeoutMs });
      logger.debug(`consul: ${what} done`, { durationMs: Math.round(performance.now() - startedMs) });
      return result;
    } catch (error) {
      if (!signal.aborted && settings.onNotFound !== undefined && isConsulNotFound(error)) return settings.onNotFound();
      const translated = translateConsulError(error, { ...context, interrupted: signal.aborted });
      logger.debug(`consul: ${what} failed`, { error: translated.message });
      throw translated;
    } finally {
      signal.removeEventListener('abort', cancel);
    }
  }

  return {
    address: parsed.url,
    description,
    client,
    timeoutMs,
    call: (what, signal, request, settings = {}) => run(what, signal, false, request, settings),
    exchange: async (what, signal, request, settings = {}) => toConsulAnswer(await run(what, signal, true, request, settings)),
    close: () => client.destroy(),
  };
}

/** With `includeResponse`, the client resolves with `[response, body]` (just `[response]` on a KV 404). */
function toConsulAnswer(result: unknown): ConsulAnswer {
  const response: unknown = Array.isArray(result) ? result[0] : undefined;
  const headers: unknown = typeof response === 'object' && response !== null ? Reflect.get(response, 'headers') : undefined;
  const status: unknown = typeof response === 'object' && response !== null ? Reflect.get(response, 'statusCode') : undefined;
  const indexText: unknown = typeof headers === 'object' && headers !== null ? Reflect.get(headers, 'x-consul-index') : undefined;
  const index = typeof indexText === 'string' ? Number(indexText) : 0;
  return {
    body: Array.isArray(result) ? result[1] : undefined,
    index: Number.isSafeInteger(index) && index > 0 ? index : 0,
    found: status !== 404,
  };
}
