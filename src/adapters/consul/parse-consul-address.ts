import { ConfigError } from '../../errors';

export interface ConsulAddress {
  /** Normalised for messages: `http://127.0.0.1:8500`. */
  readonly url: string;
  readonly host: string;
  readonly port: number;
  readonly secure: boolean;
}

/**
 * Reads `--consul-address` / CONSUL_HTTP_ADDR the way Consul's own clients do: `host:port`
 * (plain HTTP), `http://host:port` or `https://host:port`. Without a port, a bare host means
 * Consul's 8500 and a URL means its scheme's default port.
 */
export function parseConsulAddress(address: string): ConsulAddress {
  const trimmed = address.trim();
  const hasScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed);
  let url: URL;
  try {
    url = new URL(hasScheme ? trimmed : `http://${trimmed}`);
  } catch {
    throw invalid(address, 'it is not a host:port or URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw invalid(address, `the scheme ${url.protocol} is not http: or https:`);
  if (url.hostname === '') throw invalid(address, 'it names no host');
  if ((url.pathname !== '/' && url.pathname !== '') || url.search !== '' || url.username !== '') {
    throw invalid(address, 'it must not carry a path, query or credentials (give the ACL token with --consul-token)');
  }
  const secure = url.protocol === 'https:';
  const port = url.port !== '' ? Number(url.port) : hasScheme ? (secure ? 443 : 80) : 8500;
  return { url: `${url.protocol}//${url.hostname}:${port}`, host: url.hostname, port, secure };
}

function invalid(address: string, seen: string): ConfigError {
  return new ConfigError('--consul-address', `"${address}" is not a Consul address: ${seen}`, {
    hint: 'give it as host:port, http://host:port or https://host:port, e.g. --consul-address http://127.0.0.1:8500',
  });
}
