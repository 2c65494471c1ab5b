import type Dockerode from 'dockerode';
import type { HostSpec } from '../../domain/host';
import { abortReason, DockerFlowError } from '../../errors';
import type { Logger } from '../../logger';
import { classifyFailure } from './classify-failure';
import { interruptedError, timeoutError, translateEngineError } from './translate-error';
import type { EngineCallContext } from './translate-error';

/** Runs `fn` after `ms`; returns a function that cancels it. Injected by unit tests. */
export type Schedule = (fn: () => void, ms: number) => () => void;

export const realSchedule: Schedule = (fn, ms) => {
  const timer = setTimeout(fn, ms);
  return () => clearTimeout(timer);
};

export interface CallOptions<T> {
  /** Container, image or network the call is about (logged, named in errors). */
  readonly target?: string;
  /** Overrides the engine's API timeout for this call; 0 = no limit (the signal still applies). */
  readonly timeoutMs?: number;
  /** Result when the engine says "no such ..." instead of an error. */
  readonly onNotFound?: () => T;
  /** Result when the engine says "nothing to do" (already started / stopped). */
  readonly onNotModified?: () => T;
}

/**
 * Every call to one engine goes through `call`: debug log before/after/on failure, the caller's
 * AbortSignal (→ InterruptedError), the API timeout (→ UnreachableError) and error translation.
 * The dockerode client is created on the first call (reading TLS files is I/O).
 */
export class EngineCaller {
  private client: Promise<Dockerode> | undefined;

  constructor(
    readonly host: HostSpec,
    private readonly logger: Logger,
    readonly apiTimeoutMs: number,
    private readonly createClient: (signal: AbortSignal) => Promise<Dockerode>,
    readonly schedule: Schedule = realSchedule,
  ) {}

  async call<T>(op: string, signal: AbortSignal, fn: (docker: Dockerode, signal: AbortSignal) => Promise<T>, options: CallOptions<T> = {}): Promise<T> {
    const context: EngineCallContext = { op, host: this.host, ...(options.target === undefined ? {} : { target: options.target }) };
    const fields = options.target === undefined ? { op } : { op, target: options.target };
    if (signal.aborted) throw interruptedError(context);
    const timeoutMs = options.timeoutMs ?? this.apiTimeoutMs;
    // The call's own signal follows the caller's until the call returns (streams returned by a
    // call watch the caller's signal themselves), or aborts when the API timeout passes.
    const callAbort = new AbortController();
    let timedOut = false;
    const forwardAbort = (): void => callAbort.abort(signal.reason);
    signal.addEventListener('abort', forwardAbort, { once: true });
    const cancelTimer = timeoutMs > 0
      ? this.schedule(() => {
          timedOut = true;
          callAbort.abort(new Error(`no answer within ${timeoutMs}ms`));
        }, timeoutMs)
      : () => undefined;
    const startedMs = performance.now();
    this.logger.debug(`docker ${op}`, fields);
    try {
      const result = await untilAborted(callAbort.signal, async () => fn(await this.dockerode(callAbort.signal), callAbort.signal));
      this.logger.debug(`docker ${op} done`, { ...fields, durationMs: Math.round(performance.now() - startedMs) });
      return result;
    } catch (error) {
      if (!signal.aborted && !timedOut && !(error instanceof DockerFlowError)) {
        const failure = classifyFailure(error);
        if (failure.kind === 'not-found' && options.onNotFound !== undefined) return this.accepted(op, fields, 'not found', options.onNotFound);
        if (failure.kind === 'not-modified' && options.onNotModified !== undefined) return this.accepted(op, fields, 'nothing to do', options.onNotModified);
      }
      const translated = signal.aborted
        ? interruptedError(context)
        : timedOut
          ? timeoutError(context, timeoutMs)
          : translateEngineError(error, context);
      this.logger.debug(`docker ${op} failed`, { ...fields, error: translated.message });
      throw translated;
    } finally {
      cancelTimer();
      signal.removeEventListener('abort', forwardAbort);
    }
  }

  /** For failures that surface after `call` returned (a stream cut midway). */
  translate(op: string, error: unknown, target?: string): DockerFlowError {
    return translateEngineError(error, { op, host: this.host, ...(target === undefined ? {} : { target }) });
  }

  private accepted<T>(op: string, fields: Readonly<Record<string, unknown>>, what: string, result: () => T): T {
    this.logger.debug(`docker ${op} done (${what})`, fields);
    return result();
  }

  private async dockerode(signal: AbortSignal): Promise<Dockerode> {
    this.client ??= this.createClient(signal);
    try {
      return await this.client;
    } catch (error) {
      this.client = undefined;
      throw error;
    }
  }
}

/** Settles with `run()`, or rejects as soon as `signal` aborts even if `run` ignores the signal. */
export function untilAborted<T>(signal: AbortSignal, run: () => Promise<T>): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(abortReason(signal));
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    run().then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
