import { blockingRead } from './blocking-query';
import type { DoubleRequest, DoubleResponse } from './double-http';
import { json, methodNotAllowed } from './double-http';
import type { CheckRecord, DoubleState, NodeRecord, ServiceRecord } from './double-state';

/**
 * `GET /v1/catalog/services`, `/v1/catalog/service/<name>`, `/v1/health/service/<name>` (?passing,
 * ?tag), all blocking, all filtered by `?node-meta=key:value` (repeatable: a node must carry every pair).
 */
export async function handleCatalogRead(state: DoubleState, request: DoubleRequest): Promise<DoubleResponse> {
  if (request.method !== 'GET') return methodNotAllowed(request.method, ['GET']);
  const nodeMeta = request.query.getAll('node-meta').map(parseNodeMeta);
  const onNode = (node: NodeRecord): boolean => nodeMeta.every(([key, value]) => node.meta[key] === value);
  if (request.path === '/catalog/services') {
    return blockingRead(state, request, () => ({ index: state.catalogIndex, response: json(serviceTags(state, onNode)) }));
  }
  const health = request.path.startsWith('/health/service/');
  const name = decodeURIComponent(request.path.slice(health ? '/health/service/'.length : '/catalog/service/'.length));
  const tags = request.query.getAll('tag');
  const passingOnly = request.query.has('passing') && request.query.get('passing') !== 'false';
  return blockingRead(state, request, () => {
    const instances = instancesOf(state, name, tags).filter(({ node }) => onNode(node));
    const index = state.serviceIndex.get(name) ?? state.catalogIndex;
    if (!health) return { index, response: json(instances.map(({ node, service }) => catalogEntry(node, service))) };
    const entries = instances
      .map(({ node, service }) => ({ node, service, checks: checksOf(state, service) }))
      .filter((entry) => !passingOnly || entry.checks.every((check) => check.status === 'passing'));
    return { index, response: json(entries.map(({ node, service, checks }) => healthEntry(node, service, checks))) };
  });
}

/** Consul splits a node-meta filter at its first colon; without one the value is empty. */
function parseNodeMeta(filter: string): readonly [string, string] {
  const colon = filter.indexOf(':');
  return colon < 0 ? [filter, ''] : [filter.slice(0, colon), filter.slice(colon + 1)];
}

function serviceTags(state: DoubleState, onNode: (node: NodeRecord) => boolean): Readonly<Record<string, readonly string[]>> {
  const tags = new Map<string, Set<string>>();
  for (const service of state.services.values()) {
    const node = state.nodes.get(service.node);
    if (node === undefined || !onNode(node)) continue;
    const set = tags.get(service.service) ?? new Set<string>();
    for (const tag of service.tags) set.add(tag);
    tags.set(service.service, set);
  }
  return Object.fromEntries([...tags.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([name, set]) => [name, [...set].sort()]));
}

function instancesOf(state: DoubleState, name: string, tags: readonly string[]): readonly { node: NodeRecord; service: ServiceRecord }[] {
  const found: { node: NodeRecord; service: ServiceRecord }[] = [];
  for (const service of state.services.values()) {
    const node = state.nodes.get(service.node);
    if (node === undefined || service.service !== name || !tags.every((tag) => service.tags.includes(tag))) continue;
    found.push({ node, service });
  }
  return found.sort((a, b) => (a.node.node === b.node.node ? (a.service.id < b.service.id ? -1 : 1) : a.node.node < b.node.node ? -1 : 1));
}

/** The node's own checks (serfHealth) and the service's. */
function checksOf(state: DoubleState, service: ServiceRecord): readonly CheckRecord[] {
  return [...state.checks.values()].filter((check) => check.node === service.node && (check.serviceId === '' || check.serviceId === service.id));
}

function catalogEntry(node: NodeRecord, service: ServiceRecord): Readonly<Record<string, unknown>> {
  return {
    ID: node.id,
    Node: node.node,
    Address: node.address,
    Datacenter: 'dc1',
    TaggedAddresses: { lan: node.address, wan: node.address },
    NodeMeta: node.meta,
    ServiceKind: '',
    ServiceID: service.id,
    ServiceName: service.service,
    ServiceTags: service.tags,
    ServiceAddress: service.address,
    ServiceWeights: { Passing: 1, Warning: 1 },
    ServiceMeta: service.meta,
    ServicePort: service.port,
    ServiceEnableTagOverride: false,
    CreateIndex: service.createIndex,
    ModifyIndex: service.modifyIndex,
  };
}

function healthEntry(node: NodeRecord, service: ServiceRecord, checks: readonly CheckRecord[]): Readonly<Record<string, unknown>> {
  return {
    Node: { ID: node.id, Node: node.node, Address: node.address, Datacenter: 'dc1', TaggedAddresses: { lan: node.address, wan: node.address }, Meta: node.meta, CreateIndex: node.createIndex, ModifyIndex: node.modifyIndex },
    Service: {
      ID: service.id,
      Service: service.service,
      Tags: service.tags,
      Address: service.address,
      Meta: service.meta,
      Port: service.port,
      Weights: { Passing: 1, Warning: 1 },
      EnableTagOverride: false,
      CreateIndex: service.createIndex,
      ModifyIndex: service.modifyIndex,
    },
    Checks: checks.map((check) => ({
      Node: node.node,
      CheckID: check.checkId,
      Name: check.name,
      Status: check.status,
      Notes: check.notes,
      Output: '',
      ServiceID: check.serviceId,
      ServiceName: check.serviceId === '' ? '' : service.service,
      ServiceTags: check.serviceId === '' ? [] : service.tags,
      Type: check.type,
      CreateIndex: check.createIndex,
      ModifyIndex: check.modifyIndex,
    })),
  };
}
