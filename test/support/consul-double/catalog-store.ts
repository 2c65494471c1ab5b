import type { DoubleState } from './double-state';
import type { CheckRecord, Instance, NodeRecord, ServiceRecord } from './records';
import { invalidateSessionsOf } from './session-store';

type Fields<T> = Omit<T, 'createIndex' | 'modifyIndex'>;

/**
 * Catalog writes with the state store's rules (ensureNodeTxn, ensureServiceTxn, ensureCheckTxn,
 * delete*Txn): an entry registered exactly as it is changes nothing; a change takes `index` and
 * moves the tables' indexes (`nodes`, `services`, `checks`, `service.<name>`; a name whose last
 * instance left moves `service_last_extinction` instead). Each returns whether it changed anything.
 */
export function ensureNode(state: DoubleState, fields: Fields<NodeRecord>, index: number): boolean {
  const existing = state.nodes.get(fields.node);
  if (existing !== undefined && same(existing, fields)) return false;
  state.nodes.set(fields.node, { ...fields, createIndex: existing?.createIndex ?? index, modifyIndex: index });
  state.bump('nodes', index);
  // Health reads include the node: its services' indexes move with it.
  for (const service of servicesOfNode(state, fields.node)) state.bump(`service.${service.service}`, index);
  return true;
}

export function ensureService(state: DoubleState, fields: Fields<ServiceRecord>, index: number): boolean {
  const key = `${fields.node}/${fields.id}`;
  const existing = state.services.get(key);
  if (existing !== undefined && same(existing, fields)) return false;
  state.services.set(key, { ...fields, createIndex: existing?.createIndex ?? index, modifyIndex: index });
  state.bump('services', index);
  state.bump(`service.${fields.service}`, index);
  if (existing !== undefined && existing.service !== fields.service) serviceLeft(state, existing.service, index);
  // Checks carry their service's name and tags: a changed service rewrites them.
  for (const [checkKey, check] of state.checks) {
    if (check.node !== fields.node || check.serviceId !== fields.id) continue;
    if (check.serviceName === fields.service && same({ tags: check.serviceTags }, { tags: fields.tags })) continue;
    state.checks.set(checkKey, { ...check, serviceName: fields.service, serviceTags: fields.tags, modifyIndex: index });
    state.bump('checks', index);
  }
  return true;
}

export function ensureCheck(state: DoubleState, fields: Fields<CheckRecord>, index: number): boolean {
  const key = `${fields.node}/${fields.checkId}`;
  const existing = state.checks.get(key);
  if (existing !== undefined && same(existing, fields)) return false;
  state.checks.set(key, { ...fields, createIndex: existing?.createIndex ?? index, modifyIndex: index });
  state.bump('checks', index);
  const services = fields.serviceId === '' ? servicesOfNode(state, fields.node) : servicesOfNode(state, fields.node).filter((s) => s.id === fields.serviceId);
  for (const service of services) state.bump(`service.${service.service}`, index);
  if (fields.status === 'critical') invalidateSessionsOf(state, fields.node, [fields.checkId], index);
  return true;
}

export function deleteNode(state: DoubleState, node: string, index: number): boolean {
  if (!state.nodes.has(node)) return false;
  for (const service of servicesOfNode(state, node)) deleteService(state, node, service.id, index);
  for (const check of [...state.checks.values()].filter((c) => c.node === node)) deleteCheck(state, node, check.checkId, index);
  state.nodes.delete(node);
  state.bump('nodes', index);
  invalidateSessionsOf(state, node, 'node', index);
  return true;
}

/** A service and its checks. */
export function deleteService(state: DoubleState, node: string, id: string, index: number): boolean {
  const existing = state.services.get(`${node}/${id}`);
  if (existing === undefined) return false;
  for (const check of [...state.checks.values()].filter((c) => c.node === node && c.serviceId === id)) deleteCheck(state, node, check.checkId, index);
  state.services.delete(`${node}/${id}`);
  state.bump('services', index);
  serviceLeft(state, existing.service, index);
  return true;
}

export function deleteCheck(state: DoubleState, node: string, checkId: string, index: number): boolean {
  const existing = state.checks.get(`${node}/${checkId}`);
  if (existing === undefined) return false;
  state.checks.delete(`${node}/${checkId}`);
  state.bump('checks', index);
  for (const service of servicesOfNode(state, node).filter((s) => existing.serviceId === '' || s.id === existing.serviceId)) state.bump(`service.${service.service}`, index);
  invalidateSessionsOf(state, node, [checkId], index);
  return true;
}

export function servicesOfNode(state: DoubleState, node: string): readonly ServiceRecord[] {
  return [...state.services.values()].filter((service) => service.node === node);
}

/** Every instance of a name, by node name then service ID (the order of Consul's index). */
export function instancesOf(state: DoubleState, name: string): readonly Instance[] {
  const found: Instance[] = [];
  for (const service of state.services.values()) {
    const node = state.nodes.get(service.node);
    if (node !== undefined && service.service === name) found.push({ node, service });
  }
  return found.sort((a, b) => compare(a.node.node, b.node.node) || compare(a.service.id, b.service.id));
}

/** The checks of an instance: its node's own and its service's, by check ID. */
export function checksOf(state: DoubleState, service: ServiceRecord): readonly CheckRecord[] {
  return [...state.checks.values()].filter((check) => check.node === service.node && (check.serviceId === '' || check.serviceId === service.id)).sort((a, b) => compare(a.checkId, b.checkId));
}

/** The index of a name's reads: its own while it has instances, else the last extinction's. */
export function serviceIndex(state: DoubleState, name: string): number {
  return state.index(`service.${name}`) || state.index('service_last_extinction');
}

export function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function serviceLeft(state: DoubleState, name: string, index: number): void {
  if ([...state.services.values()].some((service) => service.service === name)) return state.bump(`service.${name}`, index);
  state.forget(`service.${name}`);
  state.bump('service_last_extinction', index);
}

/** Whether `record` already holds every field of `fields` (indexes aside). */
function same(record: object, fields: object): boolean {
  return Object.entries(fields).every(([key, value]) => JSON.stringify(Reflect.get(record, key)) === JSON.stringify(value));
}
