import type { Authorizer } from './acl-rules';
import { deleteCheck, deleteNode, deleteService, ensureCheck, ensureNode, ensureService } from './catalog-store';
import type { DoubleRequest, DoubleResponse } from './double-http';
import { field, isResponse, json, methodNotAllowed, parseBodyObject, permissionDenied, recordField, recordList, stringField, stringListField, stringRecord, text } from './double-http';
import type { DoubleState } from './double-state';
import type { CheckRecord, NodeRecord, ServiceRecord } from './records';

type Body = Readonly<Record<string, unknown>>;

/**
 * `PUT /v1/catalog/register`: the node (unless SkipNodeUpdate), its service and checks in one
 * transaction: refused whole when a check names a service the node does not have. With ACLs:
 * node:write when the node is new or changes, service:write for the service and service checks.
 */
export function handleCatalogRegister(state: DoubleState, request: DoubleRequest): DoubleResponse {
  if (request.method !== 'PUT') return methodNotAllowed(request.method, ['PUT']);
  const body = parseBodyObject(request);
  if (isResponse(body)) return body;
  const nodeName = stringField(body, 'Node') ?? '';
  if (nodeName === '') return text(500, 'Must provide node');
  const skipNode = field(body, 'SkipNodeUpdate') === true;
  const address = stringField(body, 'Address') ?? '';
  if (address === '' && !skipNode) return text(500, 'Must provide address if SkipNodeUpdate is not set');
  const serviceBody = recordField(body, 'Service');
  const service = serviceBody === undefined ? undefined : serviceFields(nodeName, serviceBody);
  if (service !== undefined && service.service === '') return text(500, 'Must provide service name with ID');
  const node: Omit<NodeRecord, 'createIndex' | 'modifyIndex'> = {
    id: stringField(body, 'ID') ?? '',
    node: nodeName,
    address,
    taggedAddresses: stringRecord(recordField(body, 'TaggedAddresses')),
    meta: stringRecord(recordField(body, 'NodeMeta')),
  };
  const checkBodies = [...(recordField(body, 'Check') === undefined ? [] : [recordField(body, 'Check') ?? {}]), ...recordList(field(body, 'Checks'))];
  const checks = checkBodies.map((check) => checkFields(nodeName, check));
  if (!vetRegistration(state, request.authz, node, skipNode, service, checks)) return permissionDenied();
  for (const check of checks) {
    if (check.serviceId === '' || check.serviceId === service?.id || state.services.has(`${nodeName}/${check.serviceId}`)) continue;
    return text(500, `failed inserting check: Missing service registration on node "${nodeName}"`);
  }
  const index = state.nextIndex();
  let changed = !skipNode && ensureNode(state, node, index);
  if (service !== undefined) changed = ensureService(state, service, index) || changed;
  for (const check of checks) {
    const owner = check.serviceId === '' ? undefined : state.services.get(`${nodeName}/${check.serviceId}`);
    changed = ensureCheck(state, { ...check, serviceName: owner?.service ?? '', serviceTags: owner?.tags ?? [] }, index) || changed;
  }
  if (changed) state.changed();
  return json(true);
}

/** `PUT /v1/catalog/deregister`: a check, a service (with its checks) or the whole node; what does not exist is no error. */
export function handleCatalogDeregister(state: DoubleState, request: DoubleRequest): DoubleResponse {
  if (request.method !== 'PUT') return methodNotAllowed(request.method, ['PUT']);
  const body = parseBodyObject(request);
  if (isResponse(body)) return body;
  const node = stringField(body, 'Node') ?? '';
  if (node === '') return text(500, 'Must provide node');
  const serviceId = stringField(body, 'ServiceID');
  const checkId = stringField(body, 'CheckID');
  if (!request.authz.allows('node', node, 'write')) {
    const service = serviceId === undefined ? undefined : state.services.get(`${node}/${serviceId}`);
    const check = checkId === undefined ? undefined : state.checks.get(`${node}/${checkId}`);
    const name = service?.service ?? (check?.serviceId === '' ? undefined : check?.serviceName);
    if (name === undefined || !request.authz.allows('service', name, 'write')) return permissionDenied();
  }
  const index = state.nextIndex();
  const changed = serviceId !== undefined ? deleteService(state, node, serviceId, index) : checkId !== undefined ? deleteCheck(state, node, checkId, index) : deleteNode(state, node, index);
  if (changed) state.changed();
  return json(true);
}

export function serviceFields(node: string, body: Body): Omit<ServiceRecord, 'createIndex' | 'modifyIndex'> {
  const name = stringField(body, 'Service') ?? stringField(body, 'Name') ?? '';
  const port = field(body, 'Port');
  return {
    node,
    id: stringField(body, 'ID') ?? name,
    service: name,
    tags: stringListField(body, 'Tags'),
    address: stringField(body, 'Address') ?? '',
    port: typeof port === 'number' ? port : 0,
    meta: stringRecord(recordField(body, 'Meta')),
  };
}

type CheckFields = Omit<CheckRecord, 'createIndex' | 'modifyIndex' | 'serviceName' | 'serviceTags'>;

function checkFields(node: string, body: Body): CheckFields {
  const name = stringField(body, 'Name') ?? '';
  return {
    node: stringField(body, 'Node') ?? node,
    checkId: stringField(body, 'CheckID') ?? name,
    name,
    status: stringField(body, 'Status') ?? 'critical',
    notes: stringField(body, 'Notes') ?? '',
    output: stringField(body, 'Output') ?? '',
    serviceId: stringField(body, 'ServiceID') ?? '',
    type: '',
  };
}

/** Consul's vetRegisterWithACL. */
function vetRegistration(state: DoubleState, authz: Authorizer, node: Omit<NodeRecord, 'createIndex' | 'modifyIndex'>, skipNode: boolean, service: Omit<ServiceRecord, 'createIndex' | 'modifyIndex'> | undefined, checks: readonly CheckFields[]): boolean {
  const existing = state.nodes.get(node.node);
  const changesNode = existing === undefined || (!skipNode && JSON.stringify([existing.id, existing.address, existing.taggedAddresses, existing.meta]) !== JSON.stringify([node.id, node.address, node.taggedAddresses, node.meta]));
  if (changesNode && !authz.allows('node', node.node, 'write')) return false;
  if (service !== undefined) {
    if (!authz.allows('service', service.service, 'write')) return false;
    const replaced = state.services.get(`${node.node}/${service.id}`);
    if (replaced !== undefined && !authz.allows('service', replaced.service, 'write')) return false;
  }
  return checks.every((check) => {
    if (check.serviceId === '') return authz.allows('node', node.node, 'write');
    if (check.serviceId === service?.id) return true;
    const other = state.services.get(`${node.node}/${check.serviceId}`);
    return other === undefined || authz.allows('service', other.service, 'write');
  });
}
