import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { handleCatalogRead } from './catalog-reads';
import { handleAgentService, handleCatalogWrite } from './catalog-writes';
import type { DoubleRequest, DoubleResponse } from './double-http';
import { json, text } from './double-http';
import { DoubleState } from './double-state';
import { handleKv } from './kv-handlers';
import { handleSession } from './session-handlers';
import { messageOf } from '../../../src/errors';

export interface ConsulDoubleOptions {
  /** When set, every request must carry this ACL token (X-Consul-Token, Bearer or ?token=). */
  readonly requiredToken?: string;
}

export interface ConsulDouble {
  /** `http://127.0.0.1:<port>` */
  readonly address: string;
  stop(): Promise<void>;
  /** The next `count` requests (default 1), whatever they are, fail with `status` and `message`. */
  failNext(status: number, count?: number, message?: string): void;
}

/**
 * A small stand-in for a Consul agent, on 127.0.0.1 and a free port, implementing only the HTTP
 * API docker-flow uses, with Consul's documented semantics: KV (get, recurse, keys, raw, put
 * with cas/acquire/release/flags, delete with cas/recurse), sessions (create, renew, destroy,
 * info, list; TTL expiry releases locks), catalog and agent service registration, catalog and
 * health reads, blocking queries (?index, ?wait, X-Consul-Index), ACL token checks.
 */
export async function startConsulDouble(options: ConsulDoubleOptions = {}): Promise<ConsulDouble> {
  const state = new DoubleState();
  const failures: { status: number; message: string }[] = [];
  const server = createServer((req, res) => {
    void serve(req, res, state, failures, options.requiredToken);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const bound = server.address();
  if (bound === null || typeof bound === 'string') throw new Error('the Consul double is not listening on a TCP port');
  return {
    address: `http://127.0.0.1:${bound.port}`,
    failNext(status: number, count = 1, message?: string): void {
      const body = message ?? (status >= 500 ? 'rpc error making call: failure injected by the test (failNext)' : 'failure injected by the test (failNext)');
      for (let i = 0; i < count; i += 1) failures.push({ status, message: body });
    },
    async stop(): Promise<void> {
      state.stopTimers();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

async function serve(req: IncomingMessage, res: ServerResponse, state: DoubleState, failures: { status: number; message: string }[], token: string | undefined): Promise<void> {
  const gone = new AbortController();
  res.on('close', () => gone.abort());
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  const request: DoubleRequest = { method: req.method ?? 'GET', path: url.pathname.replace(/^\/v1/, ''), query: url.searchParams, body: Buffer.concat(chunks), signal: gone.signal };
  let response: DoubleResponse;
  try {
    const failure = failures.shift();
    response = failure !== undefined ? text(failure.status, failure.message) : (checkToken(req, url, token) ?? (await route(state, request, url.pathname)));
  } catch (error) {
    response = text(500, messageOf(error));
  }
  if (res.destroyed) return;
  const headers: Record<string, string> = { 'Content-Type': response.contentType, ...response.headers };
  if (response.index !== undefined) Object.assign(headers, { 'X-Consul-Index': String(response.index), 'X-Consul-KnownLeader': 'true', 'X-Consul-LastContact': '0' });
  res.writeHead(response.status, headers);
  res.end(response.body);
}

/** Consul answers 403 "Permission denied" to the anonymous token and "ACL not found" to an unknown one. */
function checkToken(req: IncomingMessage, url: URL, required: string | undefined): DoubleResponse | undefined {
  if (required === undefined) return undefined;
  const header = req.headers['x-consul-token'];
  const bearer = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '')?.[1];
  const given = (typeof header === 'string' ? header : undefined) ?? bearer ?? url.searchParams.get('token') ?? '';
  if (given === '') return text(403, 'Permission denied');
  return given === required ? undefined : text(403, 'ACL not found');
}

async function route(state: DoubleState, request: DoubleRequest, fullPath: string): Promise<DoubleResponse> {
  const path = request.path;
  if (!fullPath.startsWith('/v1/')) return text(404, '404 page not found');
  if (path.startsWith('/kv/') || path === '/kv') return handleKv(state, { ...request, path: path === '/kv' ? '/kv/' : path });
  if (path.startsWith('/session/')) return handleSession(state, request);
  if (path === '/catalog/register') return handleCatalogWrite(state, request, 'register');
  if (path === '/catalog/deregister') return handleCatalogWrite(state, request, 'deregister');
  if (path === '/catalog/services' || path.startsWith('/catalog/service/') || path.startsWith('/health/service/')) return handleCatalogRead(state, request);
  if (path === '/agent/service/register' || path.startsWith('/agent/service/deregister/')) return handleAgentService(state, request);
  if (path === '/status/leader') return json('127.0.0.1:8300');
  return text(404, '404 page not found');
}
