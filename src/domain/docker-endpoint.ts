/**
 * Where one Docker engine answers, as config parsed it (the only parser:
 * config/parse-docker-endpoint.ts) and the adapters use it. `tcp` always has its port (Docker's
 * default, 2375 or 2376 with TLS, is applied while parsing); `ssh` without a port uses 22.
 */
export type DockerEndpoint =
  | { readonly scheme: 'unix'; readonly socketPath: string }
  | { readonly scheme: 'tcp'; readonly host: string; readonly port: number }
  | { readonly scheme: 'ssh'; readonly user: string; readonly host: string; readonly port?: number };

/** The port SSH uses when an `ssh://` endpoint names none. */
export const defaultSshPort = 22;

/** The endpoint as the user writes it: `unix:///path`, `tcp://host:port`, `ssh://user@host[:port]` (IPv6 in brackets). */
export function formatDockerEndpoint(endpoint: DockerEndpoint): string {
  if (endpoint.scheme === 'unix') return `unix://${endpoint.socketPath}`;
  const host = endpoint.host.includes(':') ? `[${endpoint.host}]` : endpoint.host;
  const port = endpoint.port === undefined ? '' : `:${endpoint.port}`;
  return endpoint.scheme === 'tcp' ? `tcp://${host}${port}` : `ssh://${endpoint.user}@${host}${port}`;
}
