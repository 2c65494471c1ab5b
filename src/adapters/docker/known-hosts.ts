import { createHash, createHmac } from 'node:crypto';

/**
 * OpenSSH known_hosts, as `ssh` reads it for StrictHostKeyChecking=yes: lines of
 * `[marker] hostpatterns keytype base64-key [comment]`, host patterns plain (`node-3`,
 * `[node-3]:2222`, `*.example.com`, `!bad.example.com`) or hashed (`|1|salt|hmac-sha1`).
 * `@revoked` keys are refused; `@cert-authority` lines are not used (host certificates are not
 * supported: such hosts need their plain key listed).
 */
export type HostKeyVerdict =
  | { readonly kind: 'known' }
  | { readonly kind: 'unknown' }
  /** The host is listed, with other keys: the key changed, or someone is in the middle. */
  | { readonly kind: 'changed'; readonly listed: readonly string[] }
  | { readonly kind: 'revoked' };

interface KnownHostLine {
  readonly marker: '@revoked' | '@cert-authority' | undefined;
  readonly patterns: string;
  readonly keyType: string;
  readonly key: string;
}

/** The name a host is listed under: `host`, or `[host]:port` when the port is not 22. */
export function knownHostName(host: string, port: number): string {
  return port === 22 ? host : `[${host}]:${port}`;
}

/** What known_hosts `text` says of `key` (the host key blob the server presented) for host:port. */
export function checkHostKey(text: string, host: string, port: number, key: Buffer): HostKeyVerdict {
  const name = knownHostName(host, port).toLowerCase();
  const presented = key.toString('base64');
  const listed: string[] = [];
  let known = false;
  for (const line of parseKnownHosts(text)) {
    if (line.marker === '@cert-authority' || !matchesHost(line.patterns, name)) continue;
    if (line.marker === '@revoked') {
      if (line.key === presented) return { kind: 'revoked' };
      continue;
    }
    if (line.key === presented) known = true;
    else listed.push(line.keyType);
  }
  if (known) return { kind: 'known' };
  return listed.length > 0 ? { kind: 'changed', listed } : { kind: 'unknown' };
}

/** SHA256:... as `ssh-keygen -lf` and `ssh` print it, for messages. */
export function keyFingerprint(key: Buffer): string {
  return `SHA256:${createHash('sha256').update(key).digest('base64').replace(/=+$/, '')}`;
}

function parseKnownHosts(text: string): readonly KnownHostLine[] {
  const lines: KnownHostLine[] = [];
  for (const raw of text.split('\n')) {
    const fields = raw.trim().split(/\s+/);
    if (fields[0] === undefined || fields[0] === '' || fields[0].startsWith('#')) continue;
    const marker = fields[0] === '@revoked' || fields[0] === '@cert-authority' ? fields[0] : undefined;
    const [patterns, keyType, key] = marker === undefined ? fields : fields.slice(1);
    if (patterns === undefined || keyType === undefined || key === undefined) continue;
    lines.push({ marker, patterns, keyType, key });
  }
  return lines;
}

/** A comma-separated pattern list matches when one pattern does and no negated one does. */
function matchesHost(patterns: string, name: string): boolean {
  if (patterns.startsWith('|1|')) return matchesHashed(patterns, name);
  let matched = false;
  for (const pattern of patterns.toLowerCase().split(',')) {
    if (pattern.startsWith('!')) {
      if (wildcard(pattern.slice(1), name)) return false;
    } else if (wildcard(pattern, name)) {
      matched = true;
    }
  }
  return matched;
}

/** `|1|<base64 salt>|<base64 HMAC-SHA1(salt, name)>`, as `ssh-keygen -H` and HashKnownHosts write. */
function matchesHashed(entry: string, name: string): boolean {
  const [, , salt, hash] = entry.split('|');
  if (salt === undefined || hash === undefined) return false;
  return createHmac('sha1', Buffer.from(salt, 'base64')).update(name).digest('base64') === hash;
}

/** `*` any run of characters, `?` one character; everything else literal. */
function wildcard(pattern: string, name: string): boolean {
  const source = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${source}$`).test(name);
}
