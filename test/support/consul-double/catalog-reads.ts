import { blockingRead } from './blocking-query';
import { catalogEntryJson, checkJson, nodeJson, serviceJson } from './catalog-entries';
import { compare, instancesOf, serviceIndex } from './catalog-store';
import type { DoubleRequest, DoubleResponse } from './double-http';
import { json, methodNotAllowed, text } from './double-http';
import type { DoubleState } from './double-state';
import type { NodeRecord } from './records';

/**
 * `GET /v1/catalog/services`, `/catalog/service/<name>`, `/catalog/nodes`, `/catalog/node/<n>`,
 * `/health/node/<n>`, `/health/checks/<name>`: blocking reads with Consul's indexes, filtered by
 * `?node-meta=key:value` (repeatable) and by what the token may read (silently, as 1.10 does).
 */
export async function handleCatalogRead(state: DoubleState, request: DoubleRequest): Promise<DoubleResponse> {
  if (request.method !== 'GET') return methodNotAllowed(request.method, ['GET']);
  const { authz, path } = request;
  const onNode = nodeMetaFilter(request.query);
  const nodeReadable = (node: string): boolean => authz.allows('node', node, 'read');
  const serviceReadable = (name: string): boolean => authz.allows('service', name, 'read');
  if (path === '/catalog/services') {
    return blockingRead(state, request, () => {
      const rows = [...state.services.values()].filter((s) => { const node = state.nodes.get(s.node); return node !== undefined && onNode(node); });
      const tags = new Map<string, Set<string>>();
      for (const service of rows.filter((s) => serviceReadable(s.service))) tags.set(service.service, new Set([...(tags.get(service.service) ?? []), ...service.tags]));
      const body = Object.fromEntries([...tags].sort(([a], [b]) => compare(a, b)).map(([name, set]) => [name, [...set]]));
      return { index: state.maxIndex('nodes', 'services'), response: json(body), watch: JSON.stringify(rows) };
    });
  }
  if (path === '/catalog/nodes') {
    return blockingRead(state, request, () => {
      const nodes = [...state.nodes.values()].filter((node) => onNode(node) && nodeReadable(node.node)).sort((a, b) => compare(a.node, b.node));
      return { index: state.index('nodes'), response: json(nodes.map(nodeJson)) };
    });
  }
  const [, area = '', kind = '', ...rest] = path.split('/');
  const name = rest.join('/');
  if (name === '') return text(400, kind === 'service' || kind === 'checks' ? 'Missing service name' : 'Missing node name');
  if (area === 'catalog' && kind === 'service') {
    return blockingRead(state, request, () => {
      const instances = instancesOf(state, name).filter(({ node }) => onNode(node) && nodeReadable(node.node) && serviceReadable(name));
      return { index: serviceIndex(state, name), response: json(instances.map(({ node, service }) => catalogEntryJson(node, service))), watch: JSON.stringify(instancesOf(state, name)) };
    });
  }
  if (area === 'catalog' && kind === 'node') {
    return blockingRead(state, request, () => {
      const node = state.nodes.get(name);
      const services = [...state.services.values()].filter((s) => s.node === name && serviceReadable(s.service)).sort((a, b) => compare(a.id, b.id));
      const body = node === undefined || !nodeReadable(name) ? null : { Node: nodeJson(node), Services: Object.fromEntries(services.map((s) => [s.id, serviceJson(s)])) };
      return { index: state.maxIndex('nodes', 'services'), response: json(body) };
    });
  }
  if (area === 'health' && (kind === 'node' || kind === 'checks')) {
    return blockingRead(state, request, () => {
      const checks = [...state.checks.values()]
        .filter((check) => (kind === 'node' ? check.node === name : check.serviceName === name))
        .filter((check) => (check.serviceId === '' ? nodeReadable(check.node) : serviceReadable(check.serviceName)))
        .sort((a, b) => compare(a.node, b.node) || compare(a.checkId, b.checkId));
      return { index: state.index('checks'), response: json(checks.map(checkJson)) };
    });
  }
  return { status: 404, body: '' };
}

/** `?node-meta=key:value`, repeatable: a node must carry every pair. Consul splits at the first colon. */
export function nodeMetaFilter(query: URLSearchParams): (node: NodeRecord) => boolean {
  const pairs = query.getAll('node-meta').map((filter): readonly [string, string] => {
    const colon = filter.indexOf(':');
    return colon < 0 ? [filter, ''] : [filter.slice(0, colon), filter.slice(colon + 1)];
  });
  return (node) => pairs.every(([key, value]) => node.meta !== null && node.meta[key] === value);
}
