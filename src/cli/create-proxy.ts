import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { connectEngine } from '../adapters/docker/connect-engine';
import type { DockerEngine } from '../ports/docker-engine';
import { ContainerHaproxyRuntime } from '../adapters/haproxy/container-haproxy-runtime';
import { LocalHaproxyRuntime } from '../adapters/haproxy/local-haproxy-runtime';
import type { ProxyRuntime } from '../ports/proxy-runtime';
import type { LockManager } from '../ports/lock-manager';
import { systemClock } from '../clock';
import type { ProxyMember } from '../apply/proxy-tier';
import { haproxyGateway, type RefreshingProxyGateway, type ServerSource } from '../apply/haproxy-gateway';
import type { FlowOptions } from '../config/flow-options';
import { readProxyCertificate } from '../config/check-option-files';
import type { ProxyPlacement } from '../domain/proxy-placement';
import { ConfigError, messageOf } from '../errors';
import type { Logger } from '../logger';
import type { ServiceStore } from '../store/service-store';
import { proxyStateDir } from './build-context';

/** templates/ of the installed package (build/src/cli → package root). */
export const templatesDir = join(__dirname, '..', '..', '..', 'templates');

/** One proxy of the tier: the local HAProxy process, or the HAProxy container on its host. */
export function createProxyRuntime(options: FlowOptions, placement: ProxyPlacement, logger: Logger): ProxyRuntime {
  const log = logger.child({ component: 'proxy', proxy: placement.name });
  const certificate = options.proxyCert === undefined ? {} : { certificate: { pem: readProxyCertificate(options.proxyCert, '--proxy-cert'), httpsPort: options.proxyHttpsPort } };
  if (placement.kind === 'local') {
    return new LocalHaproxyRuntime({ dir: proxyStateDir(options), httpPort: options.proxyPort, statusPort: options.proxyReconfPort, logger: log, ...certificate });
  }
  const { host } = placement;
  const engine: DockerEngine = connectEngine(host, { apiTimeoutMs: options.engineTimeoutMs, logger: log.child({ host: host.name }) });
  return new ContainerHaproxyRuntime({ engine, httpPort: options.proxyPort, statusPort: options.proxyReconfPort, image: options.proxyImage, containerName: options.proxyName, logger: log, ...certificate });
}

/** Every proxy of the tier (`proxies:`, --proxy-docker-host; else the local process), in the order given. */
export function createProxyMembers(options: FlowOptions, logger: Logger): readonly ProxyMember[] {
  return options.proxies.map((placement) => ({ name: placement.name, kind: placement.kind, runtime: createProxyRuntime(options, placement, logger) }));
}

export interface ProxyGatewayInput {
  readonly options: FlowOptions;
  readonly engines: ReadonlyMap<string, DockerEngine>;
  readonly store: ServiceStore;
  readonly locks: LockManager;
  readonly logger: Logger;
  readonly who: string;
  readonly servers?: ServerSource;
  /** Servers routed beside the engines' (--catalog-source=any: the catalog's registrations of others). */
  readonly extraServers?: ServerSource;
}

export async function createProxyGateway(input: ProxyGatewayInput): Promise<RefreshingProxyGateway> {
  const { options } = input;
  const read = async (path: string | false | undefined, key: string): Promise<string | false | undefined> => {
    if (path === undefined || path === false) return path;
    try {
      return await readFile(path, 'utf8');
    } catch (error) {
      throw new ConfigError(key, `cannot read the template ${path}: ${messageOf(error)}`, { hint: 'give the path of an existing file' });
    }
  };
  const [frontend, backend] = await Promise.all([
    read(options.consulTemplateFePath, '--consul-template-fe-path'),
    read(options.consulTemplateBePath, '--consul-template-be-path'),
  ]);
  return haproxyGateway({
    engines: input.engines,
    store: input.store,
    locks: input.locks,
    proxies: createProxyMembers(options, input.logger),
    tolerateDown: options.proxyTolerateDown,
    ...(options.proxyServerMaxconn === undefined ? {} : { serverMaxconn: options.proxyServerMaxconn }),
    templatesDir,
    drainMs: options.drainMs,
    clock: systemClock,
    who: input.who,
    customTemplates: { ...(frontend === undefined ? {} : { frontend }), ...(backend === undefined ? {} : { backend }) },
    ...(input.servers === undefined ? {} : { servers: input.servers }),
    logger: input.logger.child({ component: 'proxy' }),
    ...(input.extraServers === undefined ? {} : { extraServers: input.extraServers }),
  });
}
