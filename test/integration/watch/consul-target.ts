import { startConsulDouble } from '../../support/consul-double/start-consul-double';
import type { ConsulDouble } from '../../support/consul-double/start-consul-double';

/**
 * The Consul the watch tests talk to: the real agent at CONSUL_HTTP_ADDR (with CONSUL_HTTP_TOKEN)
 * when set, else a Consul API double started for the test file. The tests are the same for both.
 */
export interface ConsulTarget {
  /** `http://127.0.0.1:<port>` */
  readonly address: string;
  /** "Consul agent at ..." or "Consul API double". */
  readonly label: string;
  /** GET /v1<path>: status, X-Consul-Index and the JSON (or text) body. */
  get(path: string): Promise<{ readonly status: number; readonly index: number; readonly body: unknown }>;
  /** PUT /v1<path> with a text or JSON body; the parsed answer. */
  put(path: string, body: string | object): Promise<unknown>;
  /** DELETE /v1<path>. */
  delete(path: string): Promise<void>;
  stop(): Promise<void>;
}

export async function consulTarget(): Promise<ConsulTarget> {
  const real = process.env['CONSUL_HTTP_ADDR'];
  const token = process.env['CONSUL_HTTP_TOKEN'];
  const double: ConsulDouble | undefined = real === undefined ? await startConsulDouble() : undefined;
  const address = real === undefined ? (double?.address ?? '') : /^https?:\/\//.test(real) ? real : `http://${real}`;
  const headers: Record<string, string> = token === undefined || token === '' ? {} : { 'X-Consul-Token': token };
  const parse = async (response: Response): Promise<unknown> => {
    const text = await response.text();
    return (response.headers.get('content-type') ?? '').startsWith('application/json') ? JSON.parse(text) : text;
  };
  return {
    address,
    label: real === undefined ? 'Consul API double' : `Consul agent at ${real}`,
    async get(path) {
      const response = await fetch(`${address}/v1${path}`, { headers, signal: AbortSignal.timeout(10_000) });
      return { status: response.status, index: Number(response.headers.get('x-consul-index') ?? 0), body: await parse(response) };
    },
    async put(path, body) {
      const response = await fetch(`${address}/v1${path}`, { method: 'PUT', headers, body: typeof body === 'string' ? body : JSON.stringify(body), signal: AbortSignal.timeout(10_000) });
      if (!response.ok) throw new Error(`PUT ${path} answered ${response.status}: ${await response.text()}`);
      return parse(response);
    },
    async delete(path) {
      const response = await fetch(`${address}/v1${path}`, { method: 'DELETE', headers, signal: AbortSignal.timeout(10_000) });
      if (!response.ok) throw new Error(`DELETE ${path} answered ${response.status}: ${await response.text()}`);
    },
    async stop() {
      await double?.stop();
    },
  };
}

/** An instance as a user sees it in `GET /v1/health/service/<name>?passing`. */
export interface PassingInstance {
  readonly id: string;
  readonly node: string;
  readonly address: string;
  readonly port: number;
  readonly tags: readonly string[];
  readonly checks: readonly string[];
}

export async function passingInstances(consul: ConsulTarget, name: string): Promise<readonly PassingInstance[]> {
  const { body } = await consul.get(`/health/service/${encodeURIComponent(name)}?passing=true`);
  const entries: readonly unknown[] = Array.isArray(body) ? body : [];
  return entries
    .map((entry) => {
      const node = field(entry, 'Node');
      const service = field(entry, 'Service');
      const checks = field(entry, 'Checks');
      const tags = field(service, 'Tags');
      return {
        id: String(field(service, 'ID')),
        node: String(field(node, 'Node')),
        address: String(field(service, 'Address')),
        port: Number(field(service, 'Port')),
        tags: Array.isArray(tags) ? tags.map(String).sort() : [],
        checks: Array.isArray(checks) ? checks.map((check) => `${String(field(check, 'CheckID'))}=${String(field(check, 'Status'))}`) : [],
      };
    })
    .sort((a, b) => a.id.localeCompare(b.id));
}

/** Every catalog instance of a project docker-flow registered, by id (all colours). */
export async function projectInstanceIds(consul: ConsulTarget, project: string): Promise<readonly string[]> {
  const { body } = await consul.get('/catalog/services?node-meta=docker-flow:1');
  const names = Object.keys(typeof body === 'object' && body !== null ? body : {}).filter((name) => name.startsWith(`${project}-`));
  const ids: string[] = [];
  for (const name of names) ids.push(...(await passingInstances(consul, name)).map((instance) => instance.id));
  return ids.sort();
}

/** Every instance docker-flow registered (any project): node and id. */
export async function allInstances(consul: ConsulTarget): Promise<readonly { readonly node: string; readonly id: string }[]> {
  const { body } = await consul.get('/catalog/services?node-meta=docker-flow:1');
  const found: { node: string; id: string }[] = [];
  for (const name of Object.keys(typeof body === 'object' && body !== null ? body : {})) found.push(...(await passingInstances(consul, name)));
  return found.map(({ node, id }) => ({ node, id }));
}

/** Deregisters what docker-flow registered since `before` was taken (a registrator registers every project on the engine). */
export async function forgetRegisteredSince(consul: ConsulTarget, before: readonly { readonly id: string }[]): Promise<void> {
  const known = new Set(before.map((instance) => instance.id));
  for (const instance of await allInstances(consul)) {
    if (!known.has(instance.id)) await consul.put('/catalog/deregister', { Node: instance.node, ServiceID: instance.id });
  }
}

/** Removes a project's state and catalog entries (a real agent keeps them between runs). */
export async function forgetProject(consul: ConsulTarget, project: string): Promise<void> {
  const { body } = await consul.get('/catalog/services?node-meta=docker-flow:1');
  for (const name of Object.keys(typeof body === 'object' && body !== null ? body : {}).filter((n) => n.startsWith(`${project}-`))) {
    for (const instance of await passingInstances(consul, name)) await consul.put('/catalog/deregister', { Node: instance.node, ServiceID: instance.id });
  }
  await consul.delete(`/kv/docker-flow/${project}-?recurse`);
}

function field(raw: unknown, name: string): unknown {
  return typeof raw === 'object' && raw !== null ? Reflect.get(raw, name) : undefined;
}
