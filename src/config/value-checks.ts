import { isIP } from 'node:net';
import { normaliseProxyPath } from '../domain/proxy-paths';
import { isWebhookUrl, redactUrl } from '../domain/notification';
import { imageReferenceForms, imageReferenceProblem } from '../compose/image-reference-problem';
import type { ValueCheck } from './option-row';
import { dockerEndpointAccepts, isHostName, parseDockerEndpoint, parsePort } from './parse-docker-endpoint';

/** Compose project names: lower-case letters, digits, dashes and underscores, starting with a letter or digit. */
export const checkProjectName: ValueCheck = {
  accepts: 'lower-case letters, digits, - and _, starting with a letter or digit (e.g. my-shop)',
  test: (value) => /^[a-z0-9][a-z0-9_-]*$/.test(value),
};

/** Compose service names (they end up in container names, so Docker's name rules apply). */
export const checkServiceName: ValueCheck = {
  accepts: 'a compose service name: letters, digits, ., - and _, starting with a letter or digit (e.g. app)',
  test: (value) => /^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/.test(value),
};

/** Path prefixes the proxy routes: `/demo`, `/api/v1`. The proxy's own rules, so a path it cannot route is refused up front. */
export const checkServicePath: ValueCheck = {
  accepts: 'a URL path prefix that starts with /, without spaces, quotes, ? or # (other characters as %XX escapes), e.g. /demo',
  test: (value) => {
    try {
      normaliseProxyPath(value, 'the service');
      return true;
    } catch {
      return false;
    }
  },
};

/** `host` or `host:port` (`[v6]:port` for IPv6). */
export const checkProxyHost: ValueCheck = {
  accepts: 'a host or host:port without a scheme (e.g. proxy.example.com or 10.0.0.5:9000)',
  test: (value) => {
    const match = /^(\[[^\]]*\]|[^:[\]]*)(?::([^:]*))?$/.exec(value);
    const host = match?.[1];
    if (host === undefined) return false;
    const hostOk = host.startsWith('[') ? isIP(host.slice(1, -1)) === 6 : isHostName(host);
    const portText = match?.[2];
    return hostOk && (portText === undefined || parsePort(portText) !== undefined);
  },
};

export const checkDockerEndpoint: ValueCheck = {
  accepts: dockerEndpointAccepts,
  test: (value) => parseDockerEndpoint(value) !== undefined,
};

/** The proxy's Docker host: an endpoint of its own, or the name of a host of the cluster (checked against the hosts in checkOptionRules). */
export const checkProxyDockerHost: ValueCheck = {
  accepts: `${dockerEndpointAccepts}, the name of a host of the cluster (e.g. h1), or local`,
  test: (value) => parseDockerEndpoint(value) !== undefined || (!value.includes('/') && isHostName(value)),
};

/** A Docker container name (what the engine accepts): the proxy container's. */
export const checkContainerName: ValueCheck = {
  accepts: 'a container name: letters, digits, _, . and -, starting with a letter or digit (e.g. docker-flow-proxy)',
  test: (value) => /^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/.test(value),
};

/** Consul's HTTP address as CONSUL_HTTP_ADDR takes it: `host:port` or `http(s)://host[:port]`. */
export const checkConsulAddress: ValueCheck = {
  accepts: 'http://host:port, https://host:port or host:port (e.g. http://127.0.0.1:8500)',
  test: (value) => {
    const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(value)?.[1];
    if (scheme !== undefined && scheme !== 'http' && scheme !== 'https') return false;
    const withScheme = scheme === undefined ? `http://${value}` : value;
    let url: URL;
    try {
      url = new URL(withScheme);
    } catch {
      return false;
    }
    const bare = url.pathname === '/' && url.search === '' && url.hash === '' && url.username === '' && url.password === '';
    const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
    return bare && isHostName(host) && !withScheme.endsWith(':') && !withScheme.endsWith('?') && !withScheme.endsWith('#');
  },
};

/** Webhooks: http(s) URLs. Messages show only the scheme and host (the rest may be a secret). */
export const checkWebhookUrl: ValueCheck = {
  accepts: 'an http:// or https:// URL (e.g. https://hooks.example.com/deploys)',
  test: isWebhookUrl,
};

export const showWebhookUrl = (value: string): string => `${redactUrl(value)}/…`;

/** An image reference the engine can pull or find: `docker-flow-haproxy:2.6`, `registry:5000/haproxy:2.8`. */
export const checkImageReference: ValueCheck = {
  accepts: imageReferenceForms.replace(/^write image: /, ''),
  test: (value) => imageReferenceProblem(value) === undefined,
};
