import type { ResponseSample } from '../adapters/haproxy/response-log';
import type { ProxyHttps } from '../domain/proxy-model';
import type { ProxySlot, RuntimeCommand } from '../domain/proxy-slots';

/**
 * Where the proxy runs and how a change reaches it without dropping requests.
 *
 * At runtime (no reload): generated backends have server slots (templates/backend-service.hbs).
 * A change that only moves servers in and out of slots or changes weights (a blue-green switch, a
 * scale, a canary step, servers taken out before a stop) is sent on HAProxy's runtime API
 * (`set server … addr|state`, `set weight`, `set map` for the version), confirmed by reading it back
 * (`show servers state`) and by the status endpoint, and the configuration file is rewritten to the
 * same state (`haproxy -c` checked, atomic) so a later reload or restart serves exactly what runs.
 * A refused command or a read-back that disagrees puts the previous servers back (ProxyError, exit 5).
 *
 * By reload (a structural change, see planProxyChange): HAProxy runs in master-worker mode. `apply`
 * checks the candidate with `haproxy -c`, writes it atomically and, only when the bytes differ, asks
 * the master to reload (master CLI `reload` or SIGUSR2). The new worker gets the listening sockets, so
 * no connection attempt is refused; `apply` then polls GET /docker-flow/config until the proxy serves
 * the new version. With `option idle-close-on-response` the old worker answers the next request on an
 * idle keep-alive connection with `Connection: close` instead of closing it under the client.
 *
 * Draining: a server taken out at runtime is put in maintenance: it gets no new request and finishes
 * those it has (`show stat` counts them); after a reload the previous worker finishes its requests
 * and exits (`hard-stop-after` bounds it). The gateway's drain waits for both.
 */
/** The ports and addresses the rendered configuration must use inside the proxy (for ProxyModel and renderProxyConfig). */
export interface ProxyRenderTarget {
  readonly httpPort: number;
  readonly statusPort: number;
  readonly statusBind: string;
  /** The stats socket path inside the proxy's file system. */
  readonly socketPath: string;
  /** The version map file inside the proxy's file system. */
  readonly versionMap: string;
  /** A TCP address for a second stats socket (the container's own loopback, see container-admin.ts). */
  readonly adminBind?: string;
  /** With a certificate: the HTTPS port inside the proxy and where the proxy reads the certificate. */
  readonly https?: ProxyHttps;
}

/** The certificate the proxy serves HTTPS with (--proxy-cert): PEM text with the chain and the key, and the port clients use. */
export interface ProxyCertificate {
  readonly pem: string;
  readonly httpsPort: number;
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

/** How a runtime change went: from sending the commands to the read-back and the status endpoint confirming it. */
export interface RuntimeSwitch {
  readonly confirmedMs: number;
}

/** What a running proxy serves, as docker-flow reads it before a change (ProxyRuntime.inspect). */
export interface RunningProxy {
  /** The configuration file it was last given (what a reload or restart serves); undefined when there is none. */
  readonly text: string | undefined;
  /** The version its status endpoint answers; undefined when it does not answer. */
  readonly version: string | undefined;
  /** The slot table of each generated backend, read from the runtime API (`show servers state`). */
  readonly slots: ReadonlyMap<string, readonly ProxySlot[]>;
  /** Why the runtime API could not be read: every change then reloads. */
  readonly adminError?: string;
}

/** A change the runtime API makes: the commands, and the tables before and after of each backend they touch. */
export interface RuntimeChange {
  readonly text: string;
  readonly version: string;
  readonly commands: readonly RuntimeCommand[];
  /** Slot tables as they must read back afterwards, by backend (the backends the commands touch). */
  readonly expected: ReadonlyMap<string, readonly ProxySlot[]>;
  /** The same backends' tables before: a refused change is put back to these. */
  readonly previous: ReadonlyMap<string, readonly ProxySlot[]>;
  /** The version served before (put back with the servers), when known. */
  readonly previousVersion: string | undefined;
}

/**
 * The counters HAProxy keeps for one server (slot) of a backend, from `show stat <backend> 4 -1`.
 * Totals count since the worker started (a reload starts them again at 0); times are HAProxy's
 * averages over the last 1024 requests, in ms.
 */
export interface SlotStats {
  readonly slot: string;
  /** `10.0.0.1:8080`; `0.0.0.0:0` for a slot that never held a server. */
  readonly address: string;
  /** UP, DOWN, MAINT, DRAIN, `no check`, ... */
  readonly status: string;
  readonly weight: number;
  /** Requests in progress now, and waiting in the server's queue. */
  readonly sessions: number;
  readonly queued: number;
  /** HTTP requests sent to the server. */
  readonly requests: number;
  readonly responses: { readonly '1xx': number; readonly '2xx': number; readonly '3xx': number; readonly '4xx': number; readonly '5xx': number; readonly other: number };
  /** Connections that could not be made, and responses that broke or never came. */
  readonly connectionErrors: number;
  readonly responseErrors: number;
  readonly averageMs: { readonly queue: number; readonly connect: number; readonly response: number; readonly total: number };
  readonly maxMs: { readonly response: number; readonly total: number };
}

export interface ProxyRuntime {
  /** "local HAProxy (/var/lib/docker-flow/proxy)", "HAProxy container docker-flow-proxy on node-1". */
  describe(): string;
  readonly renderTarget: ProxyRenderTarget;
  /** What the proxy runs (its file, the version served, every backend's slots); undefined when it does not run. */
  inspect(signal: AbortSignal): Promise<RunningProxy | undefined>;
  /**
   * Validates `text`, writes it atomically and reloads only if it differs from what the proxy serves
   * (starting or provisioning the proxy when missing), then waits until the status endpoint serves
   * `version`. `changed` is false when nothing was written, started or reloaded. Throws ProxyError
   * (the proxy keeps its last good configuration) or InterruptedError.
   */
  apply(text: string, version: string, signal: AbortSignal): Promise<{ readonly changed: boolean }>;
  /**
   * Applies a change planned by planProxyChange on the runtime API, confirms it (read-back, status
   * endpoint) and rewrites the file to match, with no reload. `beforeSwitch` runs once the file's check
   * has started and right before the first command. Throws ProxyError after putting the previous servers
   * back when HAProxy refuses, reads back otherwise, or the file does not check.
   */
  applyRuntime(change: RuntimeChange, signal: AbortSignal, beforeSwitch?: () => Promise<void>): Promise<RuntimeSwitch>;
  /** The counters of every server slot of a backend (`show stat`). */
  serverStats(backend: string, signal: AbortSignal): Promise<readonly SlotStats[]>;
  /** The recent answered requests of a backend, one per request, from the proxy's in-memory log ring (`show events docker-flow`). */
  responseSamples(backend: string, signal: AbortSignal): Promise<readonly ResponseSample[]>;
  /** Resolves when workers of earlier configurations have exited, or after `timeoutMs`. */
  waitForOldWorkers(timeoutMs: number, signal: AbortSignal): Promise<void>;
  status(signal: AbortSignal): Promise<ProxyRuntimeStatus>;
  /** Graceful stop: workers finish in-flight requests first. No error when not running. */
  stop(signal: AbortSignal): Promise<void>;
}
