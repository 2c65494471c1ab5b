import net from 'node:net';

import { ProxyError } from '../../errors';
import { interruption } from './poll-until';

/**
 * Sends one command to an HAProxy CLI socket (master CLI or stats socket) and returns its whole
 * answer: the socket is half-closed after the command, so HAProxy answers and closes.
 */
export function sendSocketCommand(socketPath: string, command: string, signal: AbortSignal, timeoutMs = 5000): Promise<string> {
  return new Promise((resolve, reject) => {
    let answer = '';
    const socket = net.connect({ path: socketPath });
    const onAbort = (): void => {
      socket.destroy(new Error('interrupted'));
    };
    signal.addEventListener('abort', onAbort, { once: true });
    socket.setEncoding('utf8');
    socket.setTimeout(timeoutMs, () => socket.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    socket.on('connect', () => socket.end(`${command}\n`));
    socket.on('data', (chunk: string) => {
      answer += chunk;
    });
    socket.on('end', () => resolve(answer));
    socket.on('close', () => signal.removeEventListener('abort', onAbort));
    socket.on('error', (error: Error) => {
      const interrupted = interruption(`"${command}" on ${socketPath}`, signal);
      if (interrupted !== undefined) {
        reject(interrupted);
        return;
      }
      reject(
        new ProxyError(`HAProxy's socket ${socketPath} did not answer "${command}": ${error.message}`, {
          cause: error,
          hint: 'check that the proxy runs (docker-flow status); a stale socket disappears when docker-flow restarts the proxy',
        }),
      );
    });
  });
}

/** HAProxy reads one command line into a buffer of 16 kB by default: longer batches go in several connections. */
export const maxBatchChars = 8000;

/** Groups lines into `;`-separated batches of at most maxBatchChars each (a longer single line stays alone). */
export function batches(lines: readonly string[], limit = maxBatchChars): readonly string[] {
  const out: string[] = [];
  let current = '';
  for (const line of lines) {
    if (current !== '' && current.length + 2 + line.length > limit) {
      out.push(current);
      current = '';
    }
    current = current === '' ? line : `${current}; ${line}`;
  }
  if (current !== '') out.push(current);
  return out;
}

/** Sends the lines (several connections when long, in order) and returns the answers one after the other. */
export async function sendSocketCommands(socketPath: string, lines: readonly string[], signal: AbortSignal): Promise<string> {
  let output = '';
  for (const batch of batches(lines)) output += await sendSocketCommand(socketPath, batch, signal);
  return output;
}
