import { request } from 'node:http';

export interface HttpResponse {
  readonly status: number;
  readonly body: string;
  /** Lower-case header names; repeated headers joined with ", ". */
  readonly headers: Readonly<Record<string, string>>;
}

export interface HttpGetOptions {
  /** Whole request, connect to last byte; 5000 ms unless given. */
  readonly timeoutMs?: number;
  readonly headers?: Readonly<Record<string, string>>;
  readonly signal?: AbortSignal;
}

/**
 * GET over a fresh connection (no keep-alive agent, so nothing lingers between tests).
 * Any HTTP status resolves; a refused connection, reset or timeout rejects naming the URL.
 */
export function httpGet(url: string, options: HttpGetOptions = {}): Promise<HttpResponse> {
  const timeoutMs = options.timeoutMs ?? 5000;
  const target = new URL(url);
  if (target.protocol !== 'http:') return Promise.reject(new Error(`httpGet: only http:// URLs are supported, got ${url}`));
  return new Promise((resolve, reject) => {
    const req = request(target, { method: 'GET', agent: false, headers: { ...options.headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', (error) => fail(error));
      res.on('end', () => {
        clearTimeout(timer);
        const headers: Record<string, string> = {};
        for (const [name, value] of Object.entries(res.headers)) {
          if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
        }
        resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), headers });
      });
    });
    const fail = (error: Error): void => {
      clearTimeout(timer);
      req.destroy();
      reject(new Error(`GET ${url} failed: ${error.message}`, { cause: error }));
    };
    const timer = setTimeout(() => fail(new Error(`no complete answer within ${timeoutMs} ms`)), timeoutMs);
    options.signal?.addEventListener('abort', () => fail(new Error('aborted')), { once: true });
    req.on('error', fail);
    req.end();
  });
}
