/** A TCP address a `bind` line of an HAProxy configuration listens on. */
export interface BindAddress {
  readonly host: string;
  readonly port: number;
}

/**
 * The TCP addresses `next` binds that `current` (the configuration HAProxy runs now, if any) does
 * not. `haproxy -c` does not try them, and on a reload a bind that fails leaves the running
 * listeners paused for seconds, so each must be known free before reloading. Forms other than
 * `[host]:port` (unix sockets, `fd@`, port ranges) are left to HAProxy.
 */
export function newBindAddresses(current: string | undefined, next: string): readonly BindAddress[] {
  const running = new Set(bindAddresses(current ?? '').map(keyOf));
  const seen = new Set<string>();
  return bindAddresses(next).filter((address) => {
    const key = keyOf(address);
    if (running.has(key) || seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function bindAddresses(config: string): readonly BindAddress[] {
  const found: BindAddress[] = [];
  for (const line of config.split('\n')) {
    const match = /^\s*bind\s+(\S+)/.exec(line.replace(/#.*$/, ''));
    for (const item of (match?.[1] ?? '').split(',')) {
      const address = parseAddress(item.replace(/^ipv[46]@/, ''));
      if (address !== undefined) found.push(address);
    }
  }
  return found;
}

function parseAddress(text: string): BindAddress | undefined {
  const match = /^(\[[0-9a-fA-F:.]+\]|[^:@/[\]]*):(\d+)$/.exec(text);
  if (match === null) return undefined;
  const [, rawHost = '', rawPort = ''] = match;
  const port = Number(rawPort);
  if (!Number.isInteger(port) || port < 1 || port > 65535) return undefined;
  const host = rawHost === '' || rawHost === '*' ? '0.0.0.0' : rawHost.replace(/^\[(.*)\]$/, '$1');
  return { host, port };
}

function keyOf(address: BindAddress): string {
  return `${address.host}|${address.port}`;
}
