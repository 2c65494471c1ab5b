import { request } from 'node:http';

/**
 * Resolves when the engine behind `socketPath` answers GET /_ping with OK within `timeoutMs`;
 * rejects naming the socket and what was seen otherwise.
 */
export function pingEngine(socketPath: string, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = request({ socketPath, path: '/_ping', method: 'GET', agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
      res.on('end', () => {
        clearTimeout(timer);
        if (res.statusCode === 200 && body === 'OK') resolve();
        else reject(new Error(`Docker engine at ${socketPath} answered /_ping with ${res.statusCode ?? '?'} "${body.slice(0, 200)}"`));
      });
    });
    const timer = setTimeout(() => req.destroy(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
    req.on('error', (error) => {
      clearTimeout(timer);
      reject(new Error(`no Docker engine answers at ${socketPath}: ${error.message}`, { cause: error }));
    });
    req.end();
  });
}
