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
  const interrupted = interruption(what, signal);
  if (interrupted !== undefined) throw interrupted;
}

/** The InterruptedError naming `what` when `signal` aborted, else undefined. */
export function interruption(what: string, signal: AbortSignal): InterruptedError | undefined {
  return signal.aborted ? interruptedWhile(what, signal.reason) : undefined;
}
