import http from 'node:http';
import { performance } from 'node:perf_hooks';

/** How one request ended; `startedAt` and `endedAt` are performance.now() times. */
export type RequestOutcome = { readonly startedAt: number; readonly endedAt: number } & (
  | { readonly kind: 'answer'; readonly status: number; readonly body: string; readonly latencyMs: number }
  | { readonly kind: 'connection'; readonly code: string }
  | { readonly kind: 'timeout' }
);

/** Bodies are read whole but only their first bytes are kept for classification. */
const keptBodyBytes = 4096;

/**
 * One GET through `agent` (keep-alive). Never rejects: every ending is an outcome. The timeout
 * covers the whole request (waiting for a pooled socket, connecting, the answer's last byte).
 */
export function sendRequest(url: URL, agent: http.Agent, timeoutMs: number): Promise<RequestOutcome> {
  return new Promise((resolve) => {
    const startedAt = performance.now();
    let settled = false;
    const settle = (outcome: RequestOutcome): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(outcome);
    };
    const req = http.request(url, { agent, method: 'GET' }, (res) => {
      const chunks: Buffer[] = [];
      let kept = 0;
      res.on('data', (chunk: Buffer) => {
        if (kept < keptBodyBytes) {
          chunks.push(chunk);
          kept += chunk.length;
        }
      });
      res.on('error', (error) => settle(connectionFailure(error, req.reusedSocket, startedAt)));
      res.on('end', () => {
        const endedAt = performance.now();
        if (!res.complete) {
          settle({ kind: 'connection', code: reused('ECONNRESET (answer cut short)', req.reusedSocket), startedAt, endedAt });
          return;
        }
        const body = Buffer.concat(chunks).subarray(0, keptBodyBytes).toString('utf8');
        settle({ kind: 'answer', status: res.statusCode ?? 0, body, latencyMs: endedAt - startedAt, startedAt, endedAt });
      });
    });
    req.on('error', (error) => settle(connectionFailure(error, req.reusedSocket, startedAt)));
    const timer = setTimeout(() => {
      settle({ kind: 'timeout', startedAt, endedAt: performance.now() });
      req.destroy();
    }, timeoutMs);
    req.end();
  });
}

function connectionFailure(error: Error, reusedSocket: boolean, startedAt: number): RequestOutcome {
  const code = 'code' in error && typeof error.code === 'string' ? error.code : error.message;
  return { kind: 'connection', code: reused(code, reusedSocket), startedAt, endedAt: performance.now() };
}

const reused = (code: string, reusedSocket: boolean): string => (reusedSocket ? `${code} on reused connection` : code);
