import { Readable } from 'node:stream';
import type { Duplex } from 'node:stream';
import { abortReason } from '../../errors';

/**
 * Resolves when the engine closes `stream` (end, close or error after data); when `signal`
 * aborts first, destroys the stream (no socket is left open) and rejects with the abort reason.
 */
export function streamUntilEnd(stream: Readable | Duplex, signal: AbortSignal): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const onAbort = (): void => {
      stream.destroy();
      reject(abortReason(signal));
    };
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    const done = (): void => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    };
    stream.once('end', done);
    stream.once('close', done);
    stream.once('error', (error: Error) => {
      signal.removeEventListener('abort', onAbort);
      reject(error);
    });
  });
}

/** dockerode types its streams as NodeJS.ReadableStream; at run time they are Readables (HTTP responses). */
export function toReadable(stream: NodeJS.ReadableStream): Readable {
  return stream instanceof Readable ? stream : new Readable().wrap(stream);
}
