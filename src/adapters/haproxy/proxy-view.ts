import type { ProxyHttps, ProxyModel, ProxyService } from '../../domain/proxy-model';
import type { ProxySlot } from '../../domain/proxy-slots';
import { ConfigError } from '../../errors';
import { backendView, type BackendView } from './backend-view';
import { normaliseProxyPath, pathPrefix } from '../../domain/proxy-paths';
import { renderCustomTemplate } from '../../domain/custom-template';
import { tidySnippet } from './tidy-snippet';

export interface AclView {
  readonly name: string;
  readonly exact: string;
  readonly prefix: string;
}

export interface FrontendView {
  readonly serviceName: string;
  readonly hasCustom: boolean;
  /** Rendered custom frontend template (trimmed), '' when generated. */
  readonly custom: string;
  readonly acls: readonly AclView[];
}

export interface RouteView {
  readonly backend: string;
  readonly acl: string;
  readonly path: string;
}

/** Exactly what templates/haproxy.cfg.hbs and its partials see. */
export interface ProxyView {
  readonly socketPath: string;
  /** The map file the status endpoint reads the version from (`version <v>`), changed at runtime with `set map`. */
  readonly versionMap: string;
  /** A second stats socket on this TCP address, when set. */
  readonly adminBind?: string;
  readonly hardStopAfter: string;
  readonly httpPort: number;
  /** The HTTPS bind, when a certificate is configured. */
  readonly https?: ProxyHttps;
  readonly statusBind: string;
  readonly statusPort: number;
  readonly frontends: readonly FrontendView[];
  /** use_backend rules, longest path first so `/api/v2` wins over `/api` and `/`. */
  readonly routes: readonly RouteView[];
  readonly backends: readonly BackendView[];
}

/** Old workers get the drain time plus this margin before HAProxy kills them (hard-stop-after). */
export const hardStopMarginMs = 10_000;
const proxyName = /^[A-Za-z0-9._-]+$/;
const reservedNames = new Set(['http', 'docker-flow-status', 'docker-flow.no-route']);

export interface ProxyViewOptions {
  readonly socketPath: string;
  readonly versionMap: string;
  readonly adminBind?: string;
  readonly drainMs: number;
  /** Slot tables by backend name; a generated backend without one gets a fresh table. */
  readonly slots?: ReadonlyMap<string, readonly ProxySlot[]>;
}

/** Validates the model and derives the sorted, template-ready view. Deterministic. */
export function buildProxyView(model: ProxyModel, options: ProxyViewOptions): ProxyView {
  if (!/^[^\s"'#\\]+$/.test(options.socketPath)) {
    throw new ConfigError('proxy stats socket', `"${options.socketPath}" cannot be written into haproxy.cfg`, { hint: 'use a path without spaces, quotes, "#" or backslashes' });
  }
  if (!/^[^\s"'#\\,()]+$/.test(options.versionMap)) {
    throw new ConfigError('proxy version map', `"${options.versionMap}" cannot be written into haproxy.cfg`, { hint: 'use a path without spaces, quotes, "#", commas, parentheses or backslashes' });
  }
  if (!/^[A-Za-z0-9.:*-]+$/.test(model.statusBind)) throw new ConfigError('proxy status address', `"${model.statusBind}" is not an address`, { hint: 'use an IP address such as 127.0.0.1 or 0.0.0.0' });
  const services = [...model.services].sort((a, b) => compare(a.serviceName, b.serviceName));
  const owners = new Map<string, string>();
  const frontends: FrontendView[] = [];
  const routes: RouteView[] = [];
  const backends: BackendView[] = [];
  for (const service of services) {
    checkServiceName(service.serviceName, owners);
    const paths = [...new Set(service.paths.map((path) => normaliseProxyPath(path, service.serviceName)))].sort(compare);
    const acls = paths.map((path, index): AclView => ({ name: `route_${service.serviceName}_${index + 1}`, exact: path, prefix: pathPrefix(path) }));
    for (const path of paths) {
      const owner = owners.get(`path ${path}`);
      if (owner !== undefined) {
        throw new ConfigError('--service-path', `"${path}" is routed to both ${owner} and ${service.serviceName}`, { hint: `give each service its own path, or take ${owner} down first: docker-flow remove --yes with its project and target` });
      }
      owners.set(`path ${path}`, service.serviceName);
    }
    const backend = backendView(service, (source, file, servers) => renderCustomTemplate(source, file, { serviceName: service.serviceName, coloredName: service.coloredName, paths, servers }), options.slots?.get(service.serviceName));
    const hasCustom = service.frontendTemplate !== undefined;
    const custom = service.frontendTemplate === undefined ? '' : renderSnippet(service, service.frontendTemplate, paths, backend);
    frontends.push({ serviceName: service.serviceName, hasCustom, custom, acls: hasCustom ? [] : acls });
    if (!hasCustom) routes.push(...acls.map((acl) => ({ backend: service.serviceName, acl: acl.name, path: acl.exact })));
    backends.push(backend);
  }
  routes.sort((a, b) => b.path.length - a.path.length || compare(a.path, b.path));
  return {
    socketPath: options.socketPath,
    versionMap: options.versionMap,
    ...(options.adminBind === undefined ? {} : { adminBind: checkAdminBind(options.adminBind) }),
    hardStopAfter: `${Math.ceil((Math.max(0, options.drainMs) + hardStopMarginMs) / 1000)}s`,
    httpPort: checkPort(model.httpPort, 'proxy HTTP port'),
    ...(model.https === undefined ? {} : { https: httpsView(model.https) }),
    statusBind: model.statusBind,
    statusPort: checkPort(model.statusPort, 'proxy status port'),
    frontends,
    routes,
    backends,
  };
}

function checkAdminBind(bind: string): string {
  if (!/^127\.\d+\.\d+\.\d+:\d+$/.test(bind)) throw new ConfigError('proxy admin address', `"${bind}" is not a loopback address and port`, { hint: 'the runtime API listens on 127.0.0.0/8 only' });
  return bind;
}

function httpsView(https: ProxyHttps): ProxyHttps {
  if (!/^[^\s"'#\\]+$/.test(https.certFile)) {
    throw new ConfigError('--proxy-cert', `"${https.certFile}" cannot be written into haproxy.cfg`, { hint: 'use a path without spaces, quotes, "#" or backslashes' });
  }
  return { port: checkPort(https.port, 'proxy HTTPS port'), certFile: https.certFile, certDigest: https.certDigest };
}

function renderSnippet(service: ProxyService, source: string, paths: readonly string[], backend: BackendView): string {
  return tidySnippet(renderCustomTemplate(source, `frontend template of ${service.serviceName}`, { serviceName: service.serviceName, coloredName: service.coloredName, paths, servers: backend.templateServers }));
}

function checkServiceName(name: string, owners: Map<string, string>): void {
  if (!proxyName.test(name) || reservedNames.has(name)) {
    throw new ConfigError('proxy service', `"${name}" cannot name an HAProxy backend`, { hint: 'service names are made of letters, digits, ".", "_" and "-" and must not be http or docker-flow-status' });
  }
  if (owners.has(`service ${name}`)) throw new ConfigError('proxy service', `${name} appears twice in the proxy model`, { hint: 'this is a bug in docker-flow: report it with the output of docker-flow status' });
  owners.set(`service ${name}`, name);
}

export function checkPort(port: number, what: string): number {
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new ConfigError(what, `${port} is not a TCP port`, { hint: 'use a number from 1 to 65535' });
  return port;
}

export function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
