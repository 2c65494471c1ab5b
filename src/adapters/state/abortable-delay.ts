import { abortReason, DockerFlowError, InterruptedError } from '../../errors';

/** Waits `ms`, or rejects with the signal's reason as soon as `signal` aborts. */
export function abortableDelay(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    if (signal.aborted) {
      reject(abortReason(signal));
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(abortReason(signal));
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, Math.max(0, ms));
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/** Runs `work`; when `signal` aborted it, the failure becomes InterruptedError naming `what`. */
export async function interruptible<T>(what: string, signal: AbortSignal, work: () => Promise<T>): Promise<T> {
  try {
    if (signal.aborted) throw signal.reason;
    return await work();
  } catch (error) {
    if (!signal.aborted || error instanceof DockerFlowError) throw error;
    throw new InterruptedError(`${what} was interrupted`, { hint: 'run the command again when ready', cause: error });
  }
}
