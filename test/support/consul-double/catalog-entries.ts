import type { CheckRecord, NodeRecord, ServiceRecord } from './records';

/** The JSON shapes of Consul 1.10's catalog and health answers. */

const weights = { Passing: 1, Warning: 1 };
const proxy = (): Readonly<Record<string, unknown>> => ({ Mode: '', MeshGateway: {}, Expose: {} });

export function nodeJson(node: NodeRecord): Readonly<Record<string, unknown>> {
  return { ID: node.id, Node: node.node, Address: node.address, Datacenter: 'dc1', TaggedAddresses: node.taggedAddresses, Meta: node.meta, CreateIndex: node.createIndex, ModifyIndex: node.modifyIndex };
}

/** An entry of `catalog/service/<name>` (flat: the node's fields and the service's, prefixed). */
export function catalogEntryJson(node: NodeRecord, service: ServiceRecord): Readonly<Record<string, unknown>> {
  return {
    ID: node.id,
    Node: node.node,
    Address: node.address,
    Datacenter: 'dc1',
    TaggedAddresses: node.taggedAddresses,
    NodeMeta: node.meta,
    ServiceKind: '',
    ServiceID: service.id,
    ServiceName: service.service,
    ServiceTags: service.tags,
    ServiceAddress: service.address,
    ServiceWeights: weights,
    ServiceMeta: service.meta ?? {},
    ServicePort: service.port,
    ServiceSocketPath: '',
    ServiceEnableTagOverride: false,
    ServiceProxy: proxy(),
    ServiceConnect: {},
    CreateIndex: service.createIndex,
    ModifyIndex: service.modifyIndex,
  };
}

export function serviceJson(service: ServiceRecord): Readonly<Record<string, unknown>> {
  return {
    ID: service.id,
    Service: service.service,
    Tags: service.tags,
    Address: service.address,
    Meta: service.meta,
    Port: service.port,
    Weights: weights,
    EnableTagOverride: false,
    Proxy: proxy(),
    Connect: {},
    CreateIndex: service.createIndex,
    ModifyIndex: service.modifyIndex,
  };
}

export function checkJson(check: CheckRecord): Readonly<Record<string, unknown>> {
  return {
    Node: check.node,
    CheckID: check.checkId,
    Name: check.name,
    Status: check.status,
    Notes: check.notes,
    Output: check.output,
    ServiceID: check.serviceId,
    ServiceName: check.serviceName,
    ServiceTags: check.serviceTags,
    Type: check.type,
    Interval: '',
    Timeout: '',
    ExposedPort: 0,
    Definition: {},
    CreateIndex: check.createIndex,
    ModifyIndex: check.modifyIndex,
  };
}

/** An entry of `health/service/<name>` (nested: Node, Service, Checks). */
export function healthEntryJson(node: NodeRecord, service: ServiceRecord, checks: readonly CheckRecord[]): Readonly<Record<string, unknown>> {
  return { Node: nodeJson(node), Service: serviceJson(service), Checks: checks.map(checkJson) };
}
