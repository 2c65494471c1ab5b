import type { RouteRecord } from '../domain/records';

type Server = RouteRecord['servers'][number];

/**
 * The servers of several sources as one backend: one server per address and port (the first
 * source wins: docker-flow's own instances before registrations of others), names made unique
 * (HAProxy refuses two servers of one name), sorted by name.
 */
export function mergeServers(...sources: readonly (readonly Server[])[]): readonly Server[] {
  const endpoints = new Set<string>();
  const names = new Set<string>();
  const merged: Server[] = [];
  for (const server of sources.flat()) {
    const endpoint = `${server.address}:${server.port}`;
    if (endpoints.has(endpoint)) continue;
    endpoints.add(endpoint);
    let name = server.name;
    for (let n = 2; names.has(name); n += 1) name = `${server.name}~${n}`;
    names.add(name);
    merged.push({ ...server, name });
  }
  return merged.sort((a, b) => a.name.localeCompare(b.name));
}
