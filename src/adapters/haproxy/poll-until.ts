import { pollUntil as poll, systemClock } from '../../clock';
import { InterruptedError } from '../../errors';

const interruptedWhile = (what: string, cause: unknown): InterruptedError =>
  new InterruptedError(`${what} was interrupted`, { cause, hint: 'run the command again; the proxy keeps the configuration it serves' });

/**
 * The shared poller with the proxy's wording: calls `check` every `intervalMs` until it returns
 * something other than undefined or `timeoutMs` passed (then undefined); aborting `signal` throws
 * an InterruptedError naming `what`.
 */
export function pollUntil<T>(
  what: string,
  check: () => Promise<T | undefined>,
  options: { readonly timeoutMs: number; readonly intervalMs: number; readonly signal: AbortSignal },
): Promise<T | undefined> {
  return poll(check, { ...options, intervalMs: () => options.intervalMs, clock: systemClock, interrupted: (cause) => interruptedWhile(what, cause) });
}

export function throwIfInterrupted(what: string, signal: AbortSignal): void {
  if (signal.aborted) throw interruptedWhile(what, signal.reason);
}
