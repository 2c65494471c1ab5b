import { randomUUID } from 'node:crypto';
import type { DoubleRequest, DoubleResponse } from './double-http';
import { field, isResponse, json, methodNotAllowed, parseBodyObject, recordField, stringField, stringListField, text } from './double-http';
import type { CheckRecord, DoubleState } from './double-state';
import { agentNodeName } from './double-state';

/** `PUT /v1/catalog/register` and `PUT /v1/catalog/deregister`. */
export function handleCatalogWrite(state: DoubleState, request: DoubleRequest, action: 'register' | 'deregister'): DoubleResponse {
  if (request.method !== 'PUT') return methodNotAllowed(request.method, ['PUT']);
  const body = parseBodyObject(request);
  if (isResponse(body)) return body;
  const node = stringField(body, 'Node') ?? '';
  if (node === '') return text(400, 'Must provide node');
  if (action === 'deregister') {
    const serviceId = stringField(body, 'ServiceID');
    const checkId = stringField(body, 'CheckID');
    deregister(state, node, serviceId, checkId);
    return json(true);
  }
  const address = stringField(body, 'Address') ?? '';
  if (address === '' && field(body, 'SkipNodeUpdate') !== true) return text(400, 'Must provide address');
  const service = recordField(body, 'Service');
  if (service !== undefined && (stringField(service, 'Service') ?? '') === '') return text(400, 'Must provide service name (Service.Service)');
  const checks = [...(recordField(body, 'Check') === undefined ? [] : [recordField(body, 'Check') ?? {}]), ...recordList(field(body, 'Checks'))];
  const index = state.nextIndex();
  // Consul skips identical nodes, services and checks: re-registering the same entry moves no index.
  let changed = address !== '' && upsertNode(state, node, address, index, recordField(body, 'NodeMeta'));
  const serviceId = service === undefined ? undefined : (stringField(service, 'ID') ?? stringField(service, 'Service') ?? '');
  if (service !== undefined && serviceId !== undefined) changed = upsertService(state, node, serviceId, service, index) || changed;
  for (const check of checks) {
    const id = stringField(check, 'CheckID') ?? stringField(check, 'Name') ?? '';
    const status = stringField(check, 'Status') ?? 'critical';
    const record = { checkId: id, name: stringField(check, 'Name') ?? id, status, serviceId: stringField(check, 'ServiceID') ?? '', notes: stringField(check, 'Notes') ?? '', type: '' };
    changed = upsertCheck(state, node, record, index) || changed;
  }
  if (changed) finishWrite(state, index, service === undefined ? [] : [stringField(service, 'Service') ?? '']);
  return json(true);
}

/** `PUT /v1/agent/service/register` and `PUT /v1/agent/service/deregister/<id>`: the agent's own node. */
export function handleAgentService(state: DoubleState, request: DoubleRequest): DoubleResponse {
  if (request.method !== 'PUT') return methodNotAllowed(request.method, ['PUT']);
  if (request.path.startsWith('/agent/service/deregister/')) {
    const id = decodeURIComponent(request.path.slice('/agent/service/deregister/'.length));
    if (!state.services.has(`${agentNodeName}/${id}`)) return text(404, `Unknown service ID "${id}". Ensure that the service ID is passed, not the service name.`);
    deregister(state, agentNodeName, id, undefined);
    return { status: 200, body: '', contentType: 'text/plain; charset=utf-8' };
  }
  const body = parseBodyObject(request);
  if (isResponse(body)) return body;
  const name = stringField(body, 'Name') ?? '';
  if (name === '') return text(400, 'Missing service name');
  const id = stringField(body, 'ID') ?? name;
  const index = state.nextIndex();
  upsertService(state, agentNodeName, id, { ...body, Service: name }, index);
  const checks = [...(recordField(body, 'Check') === undefined ? [] : [recordField(body, 'Check') ?? {}]), ...recordList(field(body, 'Checks'))];
  checks.forEach((check, position) => {
    const checkId = stringField(check, 'CheckID') ?? (checks.length === 1 ? `service:${id}` : `service:${id}:${position + 1}`);
    const type = stringField(check, 'TTL') === undefined ? '' : 'ttl';
    upsertCheck(state, agentNodeName, { checkId, name: stringField(check, 'Name') ?? `Service '${name}' check`, status: stringField(check, 'Status') ?? 'critical', serviceId: id, notes: stringField(check, 'Notes') ?? '', type }, index);
  });
  finishWrite(state, index, [name]);
  return { status: 200, body: '', contentType: 'text/plain; charset=utf-8' };
}

/** Like Consul's state store, deleting what does not exist moves no table index (blocking queries stay asleep). */
function deregister(state: DoubleState, node: string, serviceId: string | undefined, checkId: string | undefined): void {
  const index = state.nextIndex();
  const touched: string[] = [];
  let changed = false;
  for (const [key, service] of state.services) {
    if (service.node !== node || (serviceId !== undefined && service.id !== serviceId) || checkId !== undefined) continue;
    state.services.delete(key);
    touched.push(service.service);
    changed = true;
  }
  for (const [key, check] of state.checks) {
    if (check.node !== node) continue;
    const matches = checkId !== undefined ? check.checkId === checkId : serviceId === undefined || check.serviceId === serviceId;
    if (matches) changed = state.checks.delete(key) || changed;
  }
  if (serviceId === undefined && checkId === undefined) changed = state.nodes.delete(node) || changed;
  if (changed) finishWrite(state, index, touched);
}

function upsertNode(state: DoubleState, node: string, address: string, index: number, meta: Readonly<Record<string, unknown>> | undefined): boolean {
  const existing = state.nodes.get(node);
  const fields = { node, address, meta: stringRecord(meta) };
  if (existing !== undefined && same(existing, fields)) return false;
  state.nodes.set(node, { id: existing?.id ?? randomUUID(), ...fields, createIndex: existing?.createIndex ?? index, modifyIndex: index });
  return true;
}

function upsertService(state: DoubleState, node: string, id: string, service: Readonly<Record<string, unknown>>, index: number): boolean {
  const key = `${node}/${id}`;
  const port = field(service, 'Port');
  const existing = state.services.get(key);
  const fields = {
    node,
    id,
    service: stringField(service, 'Service') ?? '',
    tags: stringListField(service, 'Tags'),
    address: stringField(service, 'Address') ?? '',
    port: typeof port === 'number' ? port : 0,
    meta: stringRecord(recordField(service, 'Meta')),
  };
  if (existing !== undefined && same(existing, fields)) return false;
  state.services.set(key, { ...fields, createIndex: existing?.createIndex ?? index, modifyIndex: index });
  return true;
}

function upsertCheck(state: DoubleState, node: string, check: Pick<CheckRecord, 'checkId' | 'name' | 'status' | 'serviceId' | 'notes' | 'type'>, index: number): boolean {
  const key = `${node}/${check.checkId}`;
  const existing = state.checks.get(key);
  if (existing !== undefined && same(existing, { ...check, node })) return false;
  state.checks.set(key, { ...check, node, createIndex: existing?.createIndex ?? index, modifyIndex: index });
  return true;
}

/** Whether `record` already holds every field of `fields` (indexes and ids aside). */
function same(record: object, fields: Readonly<Record<string, unknown>>): boolean {
  return Object.entries(fields).every(([key, value]) => JSON.stringify(Reflect.get(record, key)) === JSON.stringify(value));
}

function finishWrite(state: DoubleState, index: number, serviceNames: readonly string[]): void {
  state.catalogIndex = index;
  for (const name of serviceNames) state.serviceIndex.set(name, index);
  state.changed();
}

function recordList(value: unknown): readonly Readonly<Record<string, unknown>>[] {
  if (!Array.isArray(value)) return [];
  return value.filter((item): item is object => typeof item === 'object' && item !== null).map((item) => Object.fromEntries(Object.entries(item)));
}

function stringRecord(value: Readonly<Record<string, unknown>> | undefined): Readonly<Record<string, string>> {
  return Object.fromEntries(Object.entries(value ?? {}).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
}
