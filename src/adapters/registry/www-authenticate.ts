/** A `WWW-Authenticate` challenge: `Bearer realm="https://auth.example.com/token",service="registry",scope="repository:app:pull"`. */
export interface AuthChallenge {
  /** Lower-case: `bearer`, `basic`. */
  readonly scheme: string;
  readonly params: Readonly<Record<string, string>>;
}

/**
 * Reads the first challenge of a `WWW-Authenticate` header (RFC 7235: a scheme, then
 * comma-separated `name=value` or `name="quoted value"` parameters). Undefined when absent or unreadable.
 */
export function parseAuthChallenge(header: string | null | undefined): AuthChallenge | undefined {
  const text = header?.trim() ?? '';
  const scheme = /^([A-Za-z][A-Za-z0-9!#$%&'*+.^_`|~-]*)(?:\s+|$)/.exec(text);
  if (scheme?.[1] === undefined) return undefined;
  const params: Record<string, string> = {};
  const param = /\s*([A-Za-z0-9_-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,"]*))\s*(?:,|$)/y;
  param.lastIndex = scheme[0].length;
  while (param.lastIndex < text.length) {
    const match = param.exec(text);
    if (match?.[1] === undefined) break;
    // (a second challenge, `..., Basic realm="x"`, does not match: reading stops at the end of the first)
    const name = match[1].toLowerCase();
    params[name] = match[2] === undefined ? (match[3] ?? '') : match[2].replace(/\\(.)/g, '$1');
  }
  return { scheme: scheme[1].toLowerCase(), params };
}
