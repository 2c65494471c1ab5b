import { readFile } from 'node:fs/promises';
import { errorCode, InterruptedError } from '../errors';

export type TextFileResult = { readonly found: true; readonly text: string } | { readonly found: false };

/**
 * Reads a UTF-8 file; `found: false` when it does not exist. Other failures (permissions, a
 * folder) are rethrown for the caller to name; an abort becomes an InterruptedError.
 */
export async function readTextFile(path: string, signal: AbortSignal | undefined): Promise<TextFileResult> {
  throwIfAborted(signal, path);
  try {
    const text = await readFile(path, signal === undefined ? { encoding: 'utf8' } : { encoding: 'utf8', signal });
    return { found: true, text };
  } catch (error) {
    throwIfAborted(signal, path);
    if (errorCode(error) === 'ENOENT') return { found: false };
    throw error;
  }
}

export function throwIfAborted(signal: AbortSignal | undefined, path: string): void {
  if (signal?.aborted === true) {
    throw new InterruptedError(`reading ${path} was interrupted`, { hint: 'run the command again; nothing was changed', cause: signal.reason });
  }
}
