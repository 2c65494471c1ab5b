import { setTimeout as delay } from 'node:timers/promises';

import { InterruptedError } from '../../errors';

/**
 * Calls `check` until it returns something other than undefined or `timeoutMs` passed (then returns
 * undefined), waiting `intervalMs` between tries. Aborting `signal` throws InterruptedError naming `what`.
 */
export async function pollUntil<T>(
  what: string,
  check: () => Promise<T | undefined>,
  options: { readonly timeoutMs: number; readonly intervalMs: number; readonly signal: AbortSignal },
): Promise<T | undefined> {
  const deadline = Date.now() + options.timeoutMs;
  for (;;) {
    throwIfInterrupted(what, options.signal);
    const value = await check();
    if (value !== undefined) return value;
    const left = deadline - Date.now();
    if (left <= 0) return undefined;
    try {
      await delay(Math.min(left, options.intervalMs), undefined, { signal: options.signal });
    } catch (error: unknown) {
      throw new InterruptedError(`${what} was interrupted`, { cause: error, hint: 'run the command again; the proxy keeps the configuration it serves' });
    }
  }
}

export function throwIfInterrupted(what: string, signal: AbortSignal): void {
  if (signal.aborted) throw new InterruptedError(`${what} was interrupted`, { cause: signal.reason, hint: 'run the command again; the proxy keeps the configuration it serves' });
}
