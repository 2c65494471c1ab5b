import type { EventEmitter } from 'node:events';
import Consul from 'consul';
import { withContext } from '../../errors';
import type { Logger } from '../../logger';
import { abortableDelay } from '../state/abortable-delay';
import { isConsulNotFound, translateConsulError } from './consul-errors';
import { classifyConsulFailure, consulRetryDelayMs, retryNote } from './consul-retry';
import { parseConsulAddress } from './parse-consul-address';
import { sendOnce, toConsulAnswer, type Agent } from './consul-send';

export interface ConnectConsulOptions {
  /** The agents, tried in order when one does not answer: `http://127.0.0.1:8500`, `https://consul:8501` or `127.0.0.1:8500`. */
  readonly address: string | readonly string[];
  readonly token?: string;
  /** Where the token came from, named in errors ("--consul-token", "CONSUL_HTTP_TOKEN"); never the token. */
  readonly tokenSource?: string;
  readonly logger: Logger;
  /** Limit of one request; blocking reads add their wait. Default 10 s. */
  readonly timeoutMs?: number;
  /** How long a request is retried while Consul has no leader, answers 5xx or does not answer (--consul-retry). Default 30 s; 0: never. */
  readonly retryMs?: number;
  /** Told while a request is retried: "Consul has no leader; retrying (8 s of 30 s)". */
  readonly onRetry?: (note: string) => void;
}

/** What each `consul` client call receives: cancellation (papi's ctx) and its timeout. */
export interface ConsulCallOptions {
  readonly ctx: EventEmitter;
  readonly timeout: number;
}

/** One request, sent with the client of the agent being tried. */
export type ConsulRequest<T> = (client: Consul, options: ConsulCallOptions) => Promise<T>;

export interface ConsulCallSettings<T> {
  /** Overrides the connection's timeout for this call (blocking reads: wait + margin). */
  readonly timeoutMs?: number;
  /** Result when Consul answers 404 instead of failing. */
  readonly onNotFound?: () => T;
  /** The ACL rights the request needs, named when Consul refuses the token: `key "docker-flow/app/color" write`. */
  readonly needs?: string;
}

/** Consul's answer body with its X-Consul-Index (`found` is false on Consul's 404). */
export interface ConsulAnswer {
  readonly body: unknown;
  readonly index: number;
  readonly found: boolean;
  /** More than 1 when earlier tries failed: a write may then have been applied by one of them. */
  readonly attempts: number;
}

/**
 * Consul, through one or more agents. Every request goes through `call` or `exchange`: debug log,
 * the caller's AbortSignal, a timeout, retries with backoff (next agent first when one does not
 * answer) while the failure is transient and --consul-retry lasts, and translation of every failure
 * into a DockerFlowError (UnreachableError, ConsulPermissionError, InterruptedError). Every request
 * docker-flow makes is safe to send again: reads, renewals and releases, catalog (de)registrations
 * of fixed IDs, acquires by the same session; check-and-set writes re-check (see ConsulKvStore).
 */
export interface ConsulConnection {
  /** The first agent: `http://127.0.0.1:8500` */
  readonly address: string;
  /** `Consul at http://127.0.0.1:8500` (every agent, in order) */
  readonly description: string;
  readonly timeoutMs: number;
  /** How long a failing request is retried (--consul-retry). */
  readonly retryMs: number;
  call<T>(what: string, signal: AbortSignal, request: ConsulRequest<T>, settings?: ConsulCallSettings<T>): Promise<T>;
  /**
   * Like `call`, but resolves with the answer's body and X-Consul-Index: for blocking reads, and
   * for writes answering `true`/`false` (the `consul` client alone turns a `false` body into undefined).
   */
  exchange(what: string, signal: AbortSignal, request: ConsulRequest<unknown>, settings?: { readonly timeoutMs?: number; readonly needs?: string }): Promise<ConsulAnswer>;
  /** Closes kept-alive sockets so the process can exit. */
  close(): void;
}

export function connectConsul(options: ConnectConsulOptions): ConsulConnection {
  const token = options.token === undefined || options.token === '' ? undefined : options.token;
  const agents = (typeof options.address === 'string' ? [options.address] : options.address).map((address) => {
    const parsed = parseConsulAddress(address);
    return { url: parsed.url, client: new Consul({ host: parsed.host, port: parsed.port, secure: parsed.secure, ...(token === undefined ? {} : { defaults: { token } }) }) };
  });
  const head = agents[0];
  if (head === undefined) throw new Error('connectConsul needs at least one address');
  const first: Agent = head;
  const description = `Consul at ${agents.map((agent) => agent.url).join(', ')}`;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const retryMs = options.retryMs ?? 30_000;
  const logger = options.logger.child({ consul: description });
  /** The agent that answered last: every request starts there. */
  let preferred = 0;
  /** The timeline hears of retries once per reason, then at most every 2 s. */
  let lastNote = { reason: '', atMs: 0 };

  async function run<T>(what: string, signal: AbortSignal, includeResponse: boolean, request: ConsulRequest<T>, settings: ConsulCallSettings<T>): Promise<{ result: T; attempts: number }> {
    const startedMs = Date.now();
    let attempts = 0;
    let downInARow = 0;
    let current = preferred;
    for (;;) {
      const agent = agents[current] ?? first;
      attempts += 1;
      try {
        const result = await sendOnce(agent, { what, signal, includeResponse, timeoutMs: settings.timeoutMs ?? timeoutMs, logger }, request);
        preferred = current;
        return { result, attempts };
      } catch (error) {
        if (!signal.aborted && settings.onNotFound !== undefined && isConsulNotFound(error)) return { result: settings.onNotFound(), attempts };
        const context = { what, description: `Consul at ${agent.url}`, timeoutMs: settings.timeoutMs ?? timeoutMs, tokenSource: options.tokenSource, hasToken: token !== undefined, interrupted: signal.aborted, ...(settings.needs === undefined ? {} : { needs: settings.needs }) };
        const translated = translateConsulError(error, context);
        const kind = classifyConsulFailure(error, agent.url);
        const elapsedMs = Date.now() - startedMs;
        logger.debug(`consul: ${what} failed`, { error: translated.message, attempt: attempts });
        if (signal.aborted || !kind.transient || retryMs <= 0) throw translated;
        if (elapsedMs >= retryMs) throw withContext(translated, { after: `; retried for ${Math.round(elapsedMs / 1000)} s (--consul-retry ${Math.round(retryMs / 1000)}s)` });
        downInARow = kind.agentDown ? downInARow + 1 : 0;
        if (kind.agentDown && agents.length > 1) current = (current + 1) % agents.length;
        // A silent agent with others left to try: try the next one at once; else wait.
        if (!(kind.agentDown && downInARow < agents.length)) {
          if (kind.reason !== lastNote.reason || Date.now() - lastNote.atMs >= 2_000) {
            lastNote = { reason: kind.reason, atMs: Date.now() };
            options.onRetry?.(retryNote(kind.reason, elapsedMs, retryMs));
          }
          await abortableDelay(Math.min(consulRetryDelayMs(attempts - 1), retryMs - elapsedMs), signal).catch(() => {
            throw translateConsulError(signal.reason, { ...context, interrupted: true });
          });
        }
      }
    }
  }

  return {
    address: first.url,
    description,
    timeoutMs,
    retryMs,
    call: async (what, signal, request, settings = {}) => (await run(what, signal, false, request, settings)).result,
    exchange: async (what, signal, request, settings = {}) => {
      const { result, attempts } = await run(what, signal, true, request, settings);
      return { ...toConsulAnswer(result), attempts };
    },
    close: () => {
      for (const agent of agents) agent.client.destroy();
    },
  };
}
