import { deleteService, ensureCheck, ensureService } from './catalog-store';
import { serviceFields } from './catalog-writes';
import type { DoubleRequest, DoubleResponse } from './double-http';
import { empty, field, isResponse, json, methodNotAllowed, parseBodyObject, permissionDenied, recordField, recordList, stringField, text } from './double-http';
import type { DoubleState } from './double-state';
import { agentNodeName } from './double-state';

/**
 * `PUT /v1/agent/service/register`, `PUT /v1/agent/service/deregister/<id>` and
 * `GET /v1/agent/services`: services of the agent's own node, which it puts in the catalog at
 * once (anti-entropy), with a check `service:<id>` per check given (TTL checks start critical).
 */
export function handleAgentService(state: DoubleState, request: DoubleRequest): DoubleResponse {
  if (request.path === '/agent/services') {
    if (request.method !== 'GET') return methodNotAllowed(request.method, ['GET']);
    return json(Object.fromEntries([...state.agentServices].flatMap((id) => agentServiceJson(state, id, request))));
  }
  if (request.method !== 'PUT') return methodNotAllowed(request.method, ['PUT']);
  if (request.path.startsWith('/agent/service/deregister/')) {
    const id = request.path.slice('/agent/service/deregister/'.length);
    const service = state.services.get(`${agentNodeName}/${id}`);
    if (service !== undefined && !request.authz.allows('service', service.service, 'write')) return permissionDenied();
    state.agentServices.delete(id);
    if (deleteService(state, agentNodeName, id, state.nextIndex())) state.changed();
    return empty(200);
  }
  const body = parseBodyObject(request);
  if (isResponse(body)) return body;
  const service = serviceFields(agentNodeName, body);
  if (service.service === '') return text(400, 'Missing service name');
  if (!request.authz.allows('service', service.service, 'write')) return permissionDenied();
  const index = state.nextIndex();
  let changed = ensureService(state, service, index);
  state.agentServices.add(service.id);
  const checks = [...(recordField(body, 'Check') === undefined ? [] : [recordField(body, 'Check') ?? {}]), ...recordList(field(body, 'Checks'))];
  checks.forEach((check, position) => {
    const checkId = stringField(check, 'CheckID') ?? (checks.length === 1 ? `service:${service.id}` : `service:${service.id}:${position + 1}`);
    const fields = {
      node: agentNodeName,
      checkId,
      name: stringField(check, 'Name') ?? `Service '${service.service}' check`,
      status: stringField(check, 'Status') ?? 'critical',
      notes: stringField(check, 'Notes') ?? '',
      output: '',
      serviceId: service.id,
      serviceName: service.service,
      serviceTags: service.tags,
      type: stringField(check, 'TTL') === undefined ? '' : 'ttl',
    };
    changed = ensureCheck(state, fields, index) || changed;
  });
  if (changed) state.changed();
  return empty(200);
}

function agentServiceJson(state: DoubleState, id: string, request: DoubleRequest): readonly [string, unknown][] {
  const service = state.services.get(`${agentNodeName}/${id}`);
  if (service === undefined || !request.authz.allows('service', service.service, 'read')) return [];
  const entry = { ID: service.id, Service: service.service, Tags: service.tags, Meta: service.meta ?? {}, Port: service.port, Address: service.address, Weights: { Passing: 1, Warning: 1 }, EnableTagOverride: false, Datacenter: 'dc1' };
  return [[id, entry]];
}
