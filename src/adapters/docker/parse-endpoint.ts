import type { HostSpec } from '../../domain/host';
import { ConfigError } from '../../errors';

/** Where and how to reach one engine, parsed from HostSpec.endpoint (pure, no I/O). */
export type EngineEndpoint =
  | { readonly kind: 'unix'; readonly socketPath: string }
  | { readonly kind: 'tcp'; readonly hostname: string; readonly port: number; readonly certPath?: string }
  | { readonly kind: 'ssh'; readonly hostname: string; readonly port: number; readonly username?: string };

const accepted = 'unix:///path/to/docker.sock, tcp://host:port or ssh://user@host[:port]';

export function parseEndpoint(host: HostSpec): EngineEndpoint {
  const raw = host.endpoint;
  const fail = (why: string): ConfigError =>
    new ConfigError('--host', `endpoint "${raw}" of host ${host.name} ${why}; accepted: ${accepted}`, {
      hint: 'fix --host (or hosts[].endpoint in docker-flow.yml, FLOW_HOST, DOCKER_HOST)',
    });
  if (raw.startsWith('unix://')) {
    const socketPath = raw.slice('unix://'.length);
    if (!socketPath.startsWith('/')) throw fail('needs an absolute socket path');
    return { kind: 'unix', socketPath };
  }
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw fail('is not a URL');
  }
  if (url.protocol !== 'tcp:' && url.protocol !== 'ssh:') throw fail(`uses the unsupported scheme ${url.protocol.replace(/:$/, '')}`);
  const hostname = url.hostname.replace(/^\[(.*)\]$/, '$1');
  if (hostname === '') throw fail('names no host');
  if (url.pathname !== '' && url.pathname !== '/') throw fail(`has a path (${url.pathname})`);
  if (url.protocol === 'tcp:') {
    const certPath = host.certPath;
    const port = url.port === '' ? (certPath === undefined ? 2375 : 2376) : Number(url.port);
    return { kind: 'tcp', hostname, port, ...(certPath === undefined ? {} : { certPath }) };
  }
  const username = decodeURIComponent(url.username);
  if (url.password !== '') throw fail('holds a password (use an SSH agent or key instead)');
  const port = url.port === '' ? 22 : Number(url.port);
  return { kind: 'ssh', hostname, port, ...(username === '' ? {} : { username }) };
}
