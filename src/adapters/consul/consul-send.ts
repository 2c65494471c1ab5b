import { EventEmitter } from 'node:events';
import type Consul from 'consul';
import type { Logger } from '../../logger';
import type { ConsulAnswer, ConsulRequest } from './connect-consul';

/** One Consul agent and the client that talks to it. */
export interface Agent {
  readonly url: string;
  readonly client: Consul;
}

/** papi's request context: `cancel` aborts the request; `includeResponse` makes reads return [response, body]. */
class CallContext extends EventEmitter {
  canceled = false;
  constructor(readonly includeResponse: boolean) {
    super();
  }
}

export interface SendOptions {
  readonly what: string;
  readonly signal: AbortSignal;
  readonly includeResponse: boolean;
  readonly timeoutMs: number;
  readonly logger: Logger;
}

/** Sends one request to one agent, cancelled with the signal; failures are thrown as the client gives them. */
export async function sendOnce<T>(agent: Agent, o: SendOptions, request: ConsulRequest<T>): Promise<T> {
  const ctx = new CallContext(o.includeResponse);
  const cancel = (): void => {
    ctx.canceled = true;
    ctx.emit('cancel');
  };
  if (o.signal.aborted) throw o.signal.reason;
  o.signal.addEventListener('abort', cancel, { once: true });
  const startedMs = performance.now();
  o.logger.debug(`consul: ${o.what}`, { agent: agent.url });
  try {
    const result = await request(agent.client, { ctx, timeout: o.timeoutMs });
    o.logger.debug(`consul: ${o.what} done`, { durationMs: Math.round(performance.now() - startedMs) });
    return result;
  } finally {
    o.signal.removeEventListener('abort', cancel);
  }
}

/** With `includeResponse`, the client resolves with `[response, body]` (just `[response]` on a KV 404). */
export function toConsulAnswer(result: unknown): Omit<ConsulAnswer, 'attempts'> {
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
