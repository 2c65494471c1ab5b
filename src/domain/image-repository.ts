/** An image repository the agent watches: where its registry's HTTP API is and what the repository is called there. */
export interface ImageRepository {
  /** How image references name it (no scheme, no tag): `127.0.0.1:5000/app`, `nginx`. */
  readonly reference: string;
  /** The registry as Docker's config.json keys credentials: `127.0.0.1:5000`, `docker.io`. */
  readonly registry: string;
  /** Base URL of the Registry HTTP API v2, without a trailing slash: `http://127.0.0.1:5000`. */
  readonly apiBase: string;
  /** The repository's name in the API: `app`, `team/app`, `library/nginx`. */
  readonly name: string;
}

export type ImageRepositoryParse = { readonly ok: true; readonly repository: ImageRepository } | { readonly ok: false; readonly problem: string };

export const imageRepositoryAccepts =
  'an image repository without a tag: [https://]registry[:port]/name (e.g. 127.0.0.1:5000/app, registry.example.com/team/app), or a Docker Hub name';

/** Where plain HTTP is allowed: this machine (127.0.0.0/8, localhost) and the simulated hosts' network 10.77.0.0/24. */
export const plainHttpRanges = '127.0.0.0/8 (localhost) and 10.77.0.0/24';

const component = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const hostPort = /^(\[[0-9a-fA-F:.]+\]|[a-zA-Z0-9](?:[a-zA-Z0-9.-]*[a-zA-Z0-9])?)(?::(\d{1,5}))?$/;

/**
 * Reads `watch_image` (pure). Without a scheme a registry on 127.0.0.0/8 or 10.77.0.0/24 is spoken
 * to over plain HTTP and any other over HTTPS; `http://` for any other registry is refused.
 */
export function parseImageRepository(text: string): ImageRepositoryParse {
  const problem = (reason: string): ImageRepositoryParse => ({ ok: false, problem: reason });
  const scheme = /^([a-zA-Z][a-zA-Z0-9+.-]*):\/\//.exec(text)?.[1]?.toLowerCase();
  if (scheme !== undefined && scheme !== 'http' && scheme !== 'https') return problem(`the scheme ${scheme}:// is not accepted; use https:// or none`);
  const rest = scheme === undefined ? text : text.slice(scheme.length + 3);
  if (rest.includes('@')) return problem('a digest (@sha256:...) is not a repository; name the repository without it');
  const parts = rest.split('/');
  const first = parts[0] ?? '';
  const hasRegistry = parts.length > 1 && (first.includes('.') || first.includes(':') || first === 'localhost');
  const nameParts = hasRegistry ? parts.slice(1) : parts;
  const last = nameParts[nameParts.length - 1] ?? '';
  if (last.includes(':')) return problem(`"${last}" has a tag; name the repository only (the agent picks the tags)`);
  const bad = nameParts.find((part) => !component.test(part));
  if (bad !== undefined) return problem(`"${bad}" is not a repository name part (lower-case letters and digits, separated by ., _, __ or -)`);
  if (!hasRegistry) {
    if (scheme !== undefined) return problem('a scheme needs a registry host, e.g. https://registry.example.com/app');
    const name = nameParts.length === 1 ? `library/${last}` : nameParts.join('/');
    return { ok: true, repository: { reference: rest, registry: 'docker.io', apiBase: 'https://registry-1.docker.io', name } };
  }
  const hostMatch = hostPort.exec(first);
  const host = hostMatch?.[1];
  const port = hostMatch?.[2];
  if (host === undefined || (port !== undefined && (Number(port) < 1 || Number(port) > 65535))) return problem(`"${first}" is not a registry host[:port]`);
  const plain = allowsPlainHttp(host);
  if (scheme === 'http' && !plain) {
    return problem(`plain HTTP is allowed only for registries on ${plainHttpRanges}; ${host} must be reached with https://`);
  }
  const protocol = scheme ?? (plain ? 'http' : 'https');
  return { ok: true, repository: { reference: rest, registry: first, apiBase: `${protocol}://${first}`, name: nameParts.join('/') } };
}

/** True for 127.0.0.0/8, localhost, ::1 and 10.77.0.0/24. */
export function allowsPlainHttp(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (bare === 'localhost' || bare === '::1') return true;
  const octets = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(bare)?.slice(1).map(Number);
  if (octets === undefined || octets.some((n) => n > 255)) return false;
  return octets[0] === 127 || (octets[0] === 10 && octets[1] === 77 && octets[2] === 0);
}
