import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { AclStore } from './acl-store';
import { allowAll } from './acl-rules';
import { decodeAndClean, redirectBody } from './clean-path';
import type { DoubleResponse } from './double-http';
import { empty, text } from './double-http';
import { route } from './double-router';
import { DoubleState } from './double-state';
import { FaultPlan } from './faults';
import { messageOf } from '../../../src/errors';

export interface ConsulDoubleOptions {
  /**
   * ACLs on with default policy deny, as a real agent with `acl { enabled = true, default_policy = "deny" }`:
   * this token may do everything (make policies and tokens through /v1/acl/*), no token is the
   * anonymous token (nothing allowed), any other token is "ACL not found".
   */
  readonly aclManagementToken?: string;
}

export interface ConsulDouble {
  /** `http://127.0.0.1:<port>` */
  readonly address: string;
  stop(): Promise<void>;
  /** The next `count` requests (default 1), whatever they are, fail with `status` and `message`. */
  failNext(status: number, count?: number, message?: string): void;
  /**
   * For `durationMs`, every request fails as during a leader election: 500 with `message`
   * (default "No cluster leader"), and `status/leader` answers "".
   */
  failFor(durationMs: number, message?: string): void;
  /** For `durationMs`, every connection is closed without an answer (an agent restarting). */
  dropConnectionsFor(durationMs: number): void;
}

/**
 * A stand-in for a Consul 1.10 agent on 127.0.0.1 and a free port, serving the HTTP API docker-flow
 * uses the way a real agent answers it (checked against the transcripts in
 * test/fixtures/consul-transcripts): KV, sessions and locks, catalog and agent service
 * registration, catalog and health reads, blocking queries, ACLs with per-resource policies.
 */
export async function startConsulDouble(options: ConsulDoubleOptions = {}): Promise<ConsulDouble> {
  const acl = options.aclManagementToken === undefined ? undefined : new AclStore(options.aclManagementToken);
  const state = new DoubleState(acl);
  const faults = new FaultPlan();
  const server = createServer((req, res) => {
    void serve(req, res, state, faults);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const bound = server.address();
  if (bound === null || typeof bound === 'string') throw new Error('the Consul double is not listening on a TCP port');
  return {
    address: `http://127.0.0.1:${bound.port}`,
    failNext: (status, count = 1, message) => faults.failNext(status, count, message),
    failFor: (durationMs, message) => faults.failFor(durationMs, message),
    dropConnectionsFor: (durationMs) => faults.dropFor(durationMs),
    async stop(): Promise<void> {
      state.stopTimers();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

async function serve(req: IncomingMessage, res: ServerResponse, state: DoubleState, faults: FaultPlan): Promise<void> {
  if (faults.dropping()) return void req.socket.destroy();
  const gone = new AbortController();
  res.on('close', () => gone.abort());
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  const raw = req.url ?? '/';
  const queryAt = raw.indexOf('?');
  const rawPath = queryAt < 0 ? raw : raw.slice(0, queryAt);
  const query = new URLSearchParams(queryAt < 0 ? '' : raw.slice(queryAt + 1));
  const method = req.method ?? 'GET';
  let response: DoubleResponse;
  try {
    response = faults.take(rawPath) ?? (await answer(state, req, method, rawPath, query, Buffer.concat(chunks), gone.signal));
  } catch (error) {
    response = text(500, messageOf(error));
  }
  if (res.destroyed) return;
  const headers: Record<string, string> = { ...(response.contentType === undefined ? {} : { 'Content-Type': response.contentType }), ...response.headers };
  if (response.index !== undefined) Object.assign(headers, { 'X-Consul-Index': String(response.index), 'X-Consul-KnownLeader': 'true', 'X-Consul-LastContact': '0' });
  res.writeHead(response.status, headers);
  res.end(response.body);
}

async function answer(state: DoubleState, req: IncomingMessage, method: string, rawPath: string, query: URLSearchParams, body: Buffer, signal: AbortSignal): Promise<DoubleResponse> {
  const paths = decodeAndClean(rawPath);
  if (paths === undefined) return text(400, `invalid URL escape "${rawPath}"`);
  if (paths.clean !== paths.decoded) {
    const location = encodeURI(paths.clean) + (query.size > 0 ? `?${query.toString()}` : '');
    const page = method === 'GET' || method === 'HEAD';
    return { status: 301, body: page ? redirectBody(location) : '', headers: { Location: location }, ...(page ? { contentType: 'text/html; charset=utf-8' } : {}) };
  }
  if (!paths.clean.startsWith('/v1/')) return empty(404);
  const path = paths.clean.slice('/v1'.length);
  const secret = tokenOf(req, query);
  if (path.startsWith('/status/')) return route(state, { method, path, query, body, signal, authz: allowAll }, secret);
  const authz = state.acl === undefined ? allowAll : state.acl.resolve(secret);
  if (authz === undefined && path !== '/acl/token/self') return text(403, 'ACL not found', path === '/catalog/services' ? 1 : undefined);
  return route(state, { method, path, query, body, signal, authz: authz ?? allowAll }, secret);
}

/** X-Consul-Token, `Authorization: Bearer`, or `?token=`. */
function tokenOf(req: IncomingMessage, query: URLSearchParams): string | undefined {
  const header = req.headers['x-consul-token'];
  const bearer = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '')?.[1];
  const token = (typeof header === 'string' ? header : undefined) ?? bearer ?? query.get('token') ?? '';
  return token === '' ? undefined : token;
}


