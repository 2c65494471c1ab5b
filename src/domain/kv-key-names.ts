/**
 * What Consul's `GET /v1/kv/<prefix>?keys&separator=<s>` answers for these keys: those under `prefix`,
 * each cut just after the first `separator` past the prefix (a folder), once each, sorted. An empty
 * separator keeps the keys whole.
 */
export function keyNamesUnder(keys: Iterable<string>, prefix: string, separator: string): readonly string[] {
  const found = new Set<string>();
  for (const key of keys) {
    if (!key.startsWith(prefix)) continue;
    const cut = separator === '' ? -1 : key.indexOf(separator, prefix.length);
    found.add(cut === -1 ? key : key.slice(0, cut + separator.length));
  }
  return [...found].sort();
}
