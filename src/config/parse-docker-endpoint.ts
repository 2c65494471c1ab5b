import { isIP } from 'node:net';
import { basename, dirname } from 'node:path';
import type { DockerEndpoint } from '../domain/docker-endpoint';

/**
 * A Docker endpoint as the user wrote it, split into its parts (no I/O): `tcp://host` may leave
 * out the port, which `withDefaultPort` fills in once the TLS setting is known.
 */
export type WrittenDockerEndpoint =
  | Exclude<DockerEndpoint, { readonly scheme: 'tcp' }>
  | { readonly scheme: 'tcp'; readonly host: string; readonly port?: number };

export const dockerEndpointAccepts = 'unix:///path/to/docker.sock, tcp://host:port or ssh://user@host[:port]';

export const localDockerEndpoint = 'unix:///var/run/docker.sock';

const hostPattern = String.raw`(\[[0-9a-fA-F:.]+\]|[^\s:/@\[\]]+)`;
const unixPattern = /^unix:\/\/(\/[^\s]*[^\s/])$/;
const tcpPattern = new RegExp(String.raw`^tcp://${hostPattern}(?::(\d{1,5}))?/?$`);
const sshPattern = new RegExp(String.raw`^ssh://([^\s@:/]+)@${hostPattern}(?::(\d{1,5}))?/?$`);

/** Parses `unix://`, `tcp://` and `ssh://` endpoints; undefined for anything else. */
export function parseDockerEndpoint(raw: string): WrittenDockerEndpoint | undefined {
  const unix = unixPattern.exec(raw);
  if (unix?.[1] !== undefined) return { scheme: 'unix', socketPath: unix[1] };
  const tcp = tcpPattern.exec(raw);
  if (tcp?.[1] !== undefined) {
    const host = unbracket(tcp[1]);
    const port = tcp[2] === undefined ? undefined : parsePort(tcp[2]);
    if (host === undefined || (tcp[2] !== undefined && port === undefined)) return undefined;
    return { scheme: 'tcp', host, ...(port === undefined ? {} : { port }) };
  }
  const ssh = sshPattern.exec(raw);
  if (ssh?.[1] !== undefined && ssh[2] !== undefined) {
    const host = unbracket(ssh[2]);
    const port = ssh[3] === undefined ? undefined : parsePort(ssh[3]);
    if (host === undefined || (ssh[3] !== undefined && port === undefined)) return undefined;
    return { scheme: 'ssh', user: ssh[1], host, ...(port === undefined ? {} : { port }) };
  }
  return undefined;
}

/**
 * The endpoint as docker-flow shows and uses it: `tcp://host` gets Docker's default port, 2376
 * when TLS files are given (the cert path), else 2375, as the docker CLI does.
 */
export function withDefaultPort(endpoint: WrittenDockerEndpoint, certPath: string | undefined): DockerEndpoint {
  if (endpoint.scheme !== 'tcp') return endpoint;
  return { scheme: 'tcp', host: endpoint.host, port: endpoint.port ?? (certPath === undefined ? 2375 : 2376) };
}

/** `local` for the default socket; the socket's folder name for other sockets; else the host part. */
export function deriveHostName(endpoint: WrittenDockerEndpoint): string {
  if (endpoint.scheme !== 'unix') return endpoint.host;
  if (`unix://${endpoint.socketPath}` === localDockerEndpoint) return 'local';
  return basename(dirname(endpoint.socketPath)) || 'local';
}

/** Where ports published on the host are reached: 127.0.0.1 for sockets, else the endpoint's host. */
export function deriveHostAddress(endpoint: WrittenDockerEndpoint): string {
  return endpoint.scheme === 'unix' ? '127.0.0.1' : endpoint.host;
}

/** A DNS name (RFC 1123 labels), an IPv4 address or an IPv6 address. */
export function isHostName(value: string): boolean {
  if (isIP(value) !== 0) return true;
  if (/^[\d.]+$/.test(value)) return false;
  return value.length <= 253 && value.split('.').every((label) => /^[a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?$/.test(label));
}

/** A TCP port 1..65535 written in decimal digits. */
export function parsePort(text: string): number | undefined {
  if (!/^\d{1,5}$/.test(text)) return undefined;
  const port = Number.parseInt(text, 10);
  return port >= 1 && port <= 65535 ? port : undefined;
}

function unbracket(host: string): string | undefined {
  if (host.startsWith('[')) {
    const inner = host.slice(1, -1);
    return isIP(inner) === 6 ? inner : undefined;
  }
  return isHostName(host) ? host : undefined;
}
