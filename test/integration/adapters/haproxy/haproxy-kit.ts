import http from 'node:http';
import net from 'node:net';

import { renderProxyConfig, type RenderedProxyConfig } from '../../../../src/adapters/haproxy/render-proxy-config';
import type { ProxyRenderTarget } from '../../../../src/ports/proxy-runtime';
import type { ProxyModel, ProxyService } from '../../../../src/domain/proxy-model';
import type { Logger } from '../../../../src/logger';
import { templatesDir } from '../../../fixtures/haproxy/fixture-paths';

/** A small HTTP backend on `host` (127.0.0.1): answers `<name> <path>`; `/…/slow?ms=N` answers after N ms. */
export interface Backend {
  readonly name: string;
  readonly port: number;
  /** Requests received so far, those not answered yet, and the slow ones among them. */
  readonly counts: { received: number; inFlight: number; slowInFlight: number };
  close(): Promise<void>;
}

export async function startBackend(name: string, host = '127.0.0.1'): Promise<Backend> {
  const counts = { received: 0, inFlight: 0, slowInFlight: 0 };
  const server = http.createServer((request, response) => {
    const slow = request.url?.includes('/slow') === true;
    counts.received += 1;
    counts.inFlight += 1;
    if (slow) counts.slowInFlight += 1;
    const ms = Number(new URL(request.url ?? '/', 'http://x').searchParams.get('ms') ?? '0');
    setTimeout(() => {
      counts.inFlight -= 1;
      if (slow) counts.slowInFlight -= 1;
      response.end(`${name} ${request.url ?? ''}`);
    }, slow ? ms : 0);
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error(`backend ${name} has no TCP address`);
  return {
    name,
    port: address.port,
    counts,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

/** One routed service whose servers are the given backends (one group, 100 %). */
export function serviceOf(name: string, paths: readonly string[], backends: readonly Backend[], extra: Partial<Pick<ProxyService, 'backendTemplate' | 'frontendTemplate'>> = {}): ProxyService {
  return {
    serviceName: name,
    coloredName: `${name}-blue`,
    paths,
    groups: [{ color: 'blue', percent: 100, servers: backends.map((b) => ({ name: `${name}_${b.name}`, address: '127.0.0.1', port: b.port, node: 'local' })) }],
    ...extra,
  };
}

export function renderFor(target: ProxyRenderTarget, services: readonly ProxyService[], drainMs = 5_000): RenderedProxyConfig {
  const model: ProxyModel = { httpPort: target.httpPort, statusPort: target.statusPort, statusBind: target.statusBind, services };
  return renderProxyConfig(model, { templatesDir, socketPath: target.socketPath, versionMap: target.versionMap, drainMs, ...(target.adminBind === undefined ? {} : { adminBind: target.adminBind }) });
}

export interface Reply {
  readonly status: number;
  readonly body: string;
}

/** One GET on a new connection (Connection: close). */
export function get(port: number, path: string, host = '127.0.0.1'): Promise<Reply> {
  return getWith(false, port, path, host);
}

/**
 * One GET on a new connection (`agent` false, Connection: close) or through a keep-alive agent.
 * A reset on a reused connection is a failure like any other: it is not sent again.
 */
function getWith(agent: http.Agent | false, port: number, path: string, host: string): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const request = http.get({ host, port, path, agent, ...(agent === false ? { headers: { connection: 'close' } } : {}), timeout: 30_000 }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        body += chunk;
      });
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
    });
    request.on('timeout', () => request.destroy(new Error('no answer within 30 s')));
    request.on('error', (error: Error) => reject(request.reusedSocket ? new Error(`${error.message} (on a reused keep-alive connection)`) : error));
  });
}

export interface LoopResult {
  readonly ok: number;
  readonly failures: readonly string[];
  readonly bodies: ReadonlyMap<string, number>;
}

/**
 * Requests `path` from `concurrency` clients until stop() is called or `maxRequests` were made or
 * `maxMs` passed (bounded whatever happens). Every reply other than 200, and every error, is a failure.
 */
export function requestLoop(port: number, path: string, options: { readonly concurrency: number; readonly maxRequests: number; readonly maxMs: number; readonly keepAlive?: boolean; readonly host?: string }): { stop(): Promise<LoopResult> } {
  let stopped = false;
  let made = 0;
  let ok = 0;
  const agent = options.keepAlive === true ? new http.Agent({ keepAlive: true, maxSockets: options.concurrency }) : undefined;
  const failures: string[] = [];
  const bodies = new Map<string, number>();
  const deadline = Date.now() + options.maxMs;
  const client = async (): Promise<void> => {
    while (!stopped && made < options.maxRequests && Date.now() < deadline) {
      made += 1;
      try {
        const reply = await getWith(agent ?? false, port, path, options.host ?? '127.0.0.1');
        if (reply.status === 200) {
          ok += 1;
          const who = reply.body.split(' ')[0] ?? '';
          bodies.set(who, (bodies.get(who) ?? 0) + 1);
        } else failures.push(`HTTP ${reply.status}: ${reply.body.slice(0, 80)}`);
      } catch (error: unknown) {
        failures.push(error instanceof Error ? error.message : String(error));
      }
    }
  };
  const clients = Array.from({ length: options.concurrency }, () => client());
  return {
    async stop() {
      stopped = true;
      await Promise.all(clients);
      agent?.destroy();
      return { ok, failures, bodies };
    },
  };
}

/** True when nothing listens on host:port any more. */
export function portIsFree(port: number, host = '0.0.0.0'): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen({ port, host }, () => server.close(() => resolve(true)));
  });
}

export interface LogLine {
  readonly level: string;
  readonly message: string;
  readonly fields: Readonly<Record<string, unknown>>;
}

export function recordingLogger(lines: LogLine[]): Logger {
  const log = (level: string) => (message: string, fields: Readonly<Record<string, unknown>> = {}): void => {
    lines.push({ level, message, fields });
  };
  const logger: Logger = { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error'), child: () => logger };
  return logger;
}
