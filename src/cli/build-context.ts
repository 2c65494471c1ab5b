import { hostname, userInfo } from 'node:os';
import { join, resolve } from 'node:path';
import { connectEngine } from '../adapters/docker/connect-engine';
import type { DockerEngine } from '../ports/docker-engine';
import { EmbeddedKvStore } from '../adapters/state/embedded-kv-store';
import { FileLockManager } from '../adapters/state/file-lock-manager';
import type { KvStore } from '../ports/kv-store';
import type { LockManager } from '../ports/lock-manager';
import type { ServiceCatalog } from '../ports/service-catalog';
import { systemClock } from '../clock';
import type { ProgressSink } from '../apply/progress';
import type { ServerSource } from '../apply/haproxy-gateway';
import type { ProxyGateway } from '../apply/proxy-gateway';
import type { FlowOptions } from '../config/flow-options';
import type { FlowContext } from '../flows/flow-context';
import type { Logger } from '../logger';
import { ServiceStore } from '../store/service-store';

export interface ContextInput {
  readonly options: FlowOptions;
  readonly logger: Logger;
  readonly progress: ProgressSink;
  readonly signal: AbortSignal;
  readonly print: (line: string) => void;
  /** Where the Consul token came from (named in permission errors, never the token). */
  readonly tokenSource?: string;
  /** Where each option set by the user came from. */
  readonly sources?: Readonly<Partial<Record<keyof FlowOptions, string>>>;
}

export function whoAmI(): string {
  let user: string;
  try {
    user = userInfo().username;
  } catch {
    user = process.env['USER'] ?? 'unknown';
  }
  return `${user}@${hostname()}`;
}

/** Wires the real adapters for one command: an engine per host, the state store and locks, the proxy. */
export async function buildContext(input: ContextInput): Promise<FlowContext> {
  const { options, logger } = input;
  const engines = new Map<string, DockerEngine>(
    options.hosts.map((host) => [host.name, connectEngine(host, { apiTimeoutMs: options.engineTimeoutMs, logger: logger.child({ host: host.name }) })]),
  );
  const onRetry = (message: string): void => input.progress({ type: 'note', message });
  const { kv, locks, catalog } = await openState(options, logger, input.tokenSource, onRetry);
  const store = new ServiceStore(kv);
  const who = whoAmI();
  let gateway: ProxyGateway | undefined;
  const ctx: FlowContext = {
    options,
    cwd: process.cwd(),
    env: process.env,
    logger,
    progress: input.progress,
    clock: systemClock,
    signal: input.signal,
    engines,
    store,
    locks,
    ...(catalog === undefined ? {} : { catalog }),
    who,
    print: input.print,
    ...(input.sources === undefined ? {} : { optionSources: input.sources }),
    proxy: () => (gateway ??= lazyProxyGateway(async () => await (await import('./create-proxy.js')).createProxyGateway({ options, engines, store, locks, logger, who, ...(await extraServers(options, catalog)) }))),
  };
  return ctx;
}

/** With --catalog-source=any, the proxy flow also routes to what others registered in Consul under the route's name. */
async function extraServers(options: FlowOptions, catalog: ServiceCatalog | undefined): Promise<{ readonly extraServers?: ServerSource }> {
  if (catalog === undefined || options.catalogSource !== 'any') return {};
  const { catalogServerSource } = await import('../watch/catalog-servers.js');
  return { extraServers: catalogServerSource(catalog) };
}

/** The proxy adapter (handlebars, HAProxy) loads only when a flow routes or drains. */
function lazyProxyGateway(load: () => Promise<ProxyGateway>): ProxyGateway {
  let loaded: Promise<ProxyGateway> | undefined;
  const get = (): Promise<ProxyGateway> => (loaded ??= load());
  return {
    prepare: async (signal) => (await get()).prepare(signal),
    route: async (route, signal) => (await get()).route(route, signal),
    drain: async (service, timeoutMs, signal) => (await get()).drain(service, timeoutMs, signal),
    settleSwitch: async (service, signal) => (await get()).settleSwitch(service, signal),
    unroute: async (service, signal) => (await get()).unroute(service, signal),
    standing: async (signal) => (await get()).standing(signal),
    serverStats: async (service, signal) => (await get()).serverStats(service, signal),
    responseSamples: async (service, signal) => (await get()).responseSamples(service, signal),
  };
}

/** The state store and locks; with Consul also the catalog, all on one connection. */
export async function openState(
  options: FlowOptions,
  logger: Logger,
  tokenSource?: string,
  /** Told while a Consul request is retried (the timeline's note). */
  onRetry?: (note: string) => void,
): Promise<{ readonly kv: KvStore; readonly locks: LockManager; readonly catalog?: ServiceCatalog }> {
  if (options.consulAddresses.length > 0) {
    const { connectConsul } = await import('../adapters/consul/connect-consul.js');
    const { ConsulKvStore } = await import('../adapters/consul/consul-kv-store.js');
    const { ConsulLockManager } = await import('../adapters/consul/consul-lock-manager.js');
    const { ConsulCatalog } = await import('../adapters/consul/consul-catalog.js');
    const consul = connectConsul({
      address: options.consulAddresses,
      retryMs: options.consulRetryMs,
      ...(onRetry === undefined ? {} : { onRetry }),
      logger: logger.child({ store: 'consul' }),
      ...(options.consulToken === undefined ? {} : { token: options.consulToken, tokenSource: tokenSource ?? 'the Consul token' }),
    });
    return {
      kv: new ConsulKvStore(consul),
      locks: new ConsulLockManager(consul, { logger: logger.child({ store: 'consul' }) }),
      catalog: new ConsulCatalog(consul, { source: options.catalogSource }),
    };
  }
  const stateDir = resolve(options.stateDir);
  return {
    kv: new EmbeddedKvStore({ stateDir, logger: logger.child({ store: 'embedded' }) }),
    locks: new FileLockManager({ stateDir, logger: logger.child({ store: 'embedded' }) }),
  };
}

export function proxyStateDir(options: FlowOptions): string {
  return join(resolve(options.stateDir), 'proxy');
}
