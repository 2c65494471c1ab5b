import { ConsulKvStore } from '../../../src/adapters/consul/consul-kv-store';
import { connectConsul } from '../../../src/adapters/consul/connect-consul';
import { EmbeddedKvStore } from '../../../src/adapters/state/embedded-kv-store';
import type { KvStore } from '../../../src/ports/kv-store';
import { silentLogger } from '../../../src/logger';
import { docker } from '../flows/flow-fixture';

/** The servers `docker-flow proxy status` lists for a service: its stored route, written once the proxy serves it. */
export async function routedContainers(kv: KvStore, service: string): Promise<readonly string[]> {
  const entry = await kv.get(`docker-flow/${service}/route`, AbortSignal.timeout(10_000));
  if (entry === undefined) return [];
  const route: unknown = JSON.parse(entry.value);
  const servers: unknown = typeof route === 'object' && route !== null ? Reflect.get(route, 'servers') : undefined;
  return Array.isArray(servers) ? servers.map((server: unknown) => String(Reflect.get(Object(server), 'name'))).sort() : [];
}

export function consulKv(address: string): KvStore {
  const token = process.env['CONSUL_HTTP_TOKEN'];
  return new ConsulKvStore(connectConsul({ address, logger: silentLogger, ...(token === undefined || token === '' ? {} : { token }) }));
}

export function embeddedKv(stateDir: string): KvStore {
  return new EmbeddedKvStore({ stateDir, logger: silentLogger });
}

/** The hostname a container answers with (`instance: <hostname>` in the demo app's pages). */
export async function hostnameOf(container: string): Promise<string> {
  return (await docker.getContainer(container).inspect()).Config.Hostname;
}

export const instanceOf = (body: string): string => /instance: (\S+)/.exec(body)?.[1] ?? 'other';
