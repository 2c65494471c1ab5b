import { createHash } from 'node:crypto';
import type { ProxyHttps } from '../../domain/proxy-model';

/**
 * Where the proxy runs and how a new configuration reaches it without dropping requests.
 *
 * Reload: HAProxy runs in master-worker mode. `apply` checks the candidate with `haproxy -c`, writes
 * it atomically (temp file + rename; in a container: put in the candidate path, checked, moved in
 * place) and, only when the bytes differ, asks the master to reload (master CLI `reload` or SIGUSR2).
 * The master starts a new worker with the new file; the listening sockets are handed over (the
 * master's socket pair, and the stats socket with `expose-fd listeners`), so no connection attempt
 * is refused. `apply` then polls GET /docker-flow/config until the proxy serves the new version.
 * Clients see no error across reloads, on new connections and on keep-alive ones: with
 * `option idle-close-on-response` (templates/haproxy.cfg.hbs) the old worker answers the next request
 * on an idle keep-alive connection with `Connection: close` instead of closing it under the client.
 *
 * Draining: the previous worker stops accepting, finishes the requests it already has (also on
 * servers the new configuration no longer lists: the new worker never sends them anything) and
 * exits; `hard-stop-after` (drain time + margin) bounds it. `waitForOldWorkers` waits for that exit:
 * docker-flow calls it after routing away from old containers and before stopping them.
 * For a live instance that must stop while its service stays routed (scale down), the local runtime
 * also offers `setServerState(backend, server, 'drain')` through the stats socket: no new requests,
 * in-flight ones finish. Runtime states last until the next reload (a new worker reads the file).
 */
export type ServerState = 'ready' | 'drain' | 'maint';

/** The ports and addresses the rendered configuration must use inside the proxy (for ProxyModel and renderProxyConfig). */
export interface ProxyRenderTarget {
  readonly httpPort: number;
  readonly statusPort: number;
  readonly statusBind: string;
  /** The stats socket path inside the proxy's file system. */
  readonly socketPath: string;
  /** With a certificate: the HTTPS port inside the proxy and where the proxy reads the certificate. */
  readonly https?: ProxyHttps;
}

/** The certificate the proxy serves HTTPS with (--proxy-cert): PEM text with the chain and the key, and the port clients use. */
export interface ProxyCertificate {
  readonly pem: string;
  readonly httpsPort: number;
}

/** sha256 (16 hex digits) of a certificate, written into the configuration so a new certificate reloads the proxy. */
export function certificateDigest(pem: string): string {
  return createHash('sha256').update(pem).digest('hex').slice(0, 16);
}

export interface ProxyWorker {
  readonly pid: number;
  /** True for a worker of an earlier configuration that is still finishing requests. */
  readonly old: boolean;
}

export interface ProxyRuntimeStatus {
  readonly running: boolean;
  /** Local: the master's pid. */
  readonly pid?: number;
  /** Container: its id. */
  readonly containerId?: string;
  /** Where clients connect: `127.0.0.1:18080`, `10.77.0.11:80`. */
  readonly listen: string;
  readonly httpPort: number;
  readonly statusPort: number;
  /** The version GET /docker-flow/config answers; absent when it does not answer. */
  readonly version?: string;
  readonly configPath: string;
  readonly workers: readonly ProxyWorker[];
  /** Reloads since the master started (local runtime). */
  readonly reloads?: number;
}

export interface ProxyRuntime {
  /** "local HAProxy (/var/lib/docker-flow/proxy)", "HAProxy container docker-flow-proxy on node-1". */
  describe(): string;
  readonly renderTarget: ProxyRenderTarget;
  /**
   * Validates `text`, writes it atomically and reloads only if it differs from what the proxy serves
   * (starting or provisioning the proxy when missing), then waits until the status endpoint serves
   * `version`. `changed` is false when nothing was written, started or reloaded. Throws ProxyError
   * (the proxy keeps its last good configuration) or InterruptedError.
   */
  apply(text: string, version: string, signal: AbortSignal): Promise<{ readonly changed: boolean }>;
  /** Resolves when workers of earlier configurations have exited, or after `timeoutMs`. */
  waitForOldWorkers(timeoutMs: number, signal: AbortSignal): Promise<void>;
  status(signal: AbortSignal): Promise<ProxyRuntimeStatus>;
  /** Graceful stop: workers finish in-flight requests first. No error when not running. */
  stop(signal: AbortSignal): Promise<void>;
  /** Runtime API over the stats socket (local runtime): drain/ready/maint one server until the next reload. */
  setServerState?(backend: string, server: string, state: ServerState, signal: AbortSignal): Promise<void>;
}

export const statusPath = '/docker-flow/config';
