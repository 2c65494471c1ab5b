import { blockingRead } from './blocking-query';
import type { DoubleRequest, DoubleResponse } from './double-http';
import { json, methodNotAllowed, permissionDenied, text } from './double-http';
import type { DoubleState } from './double-state';
import type { SessionRecord } from './records';
import { createSession } from './session-create';
import { armSessionTtl, invalidateSession } from './session-store';

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** `/v1/session/create|renew/<id>|destroy/<id>|info/<id>|node/<node>|list`. */
export async function handleSession(state: DoubleState, request: DoubleRequest): Promise<DoubleResponse> {
  const [, , action = '', id = ''] = request.path.split('/');
  const isWrite = action === 'create' || action === 'renew' || action === 'destroy';
  if (isWrite && request.method !== 'PUT') return methodNotAllowed(request.method, ['PUT']);
  if (!isWrite && request.method !== 'GET') return methodNotAllowed(request.method, ['GET']);
  if (action !== 'create' && action !== 'list' && id === '') return text(400, action === 'node' ? 'Missing node name' : 'Missing session');
  const readable = (session: SessionRecord): boolean => request.authz.allows('session', session.node, 'read');
  switch (action) {
    case 'create':
      return createSession(state, request);
    case 'renew':
      return renew(state, request, id);
    case 'destroy': {
      const session = state.sessions.get(id);
      if (session !== undefined && !request.authz.allows('session', session.node, 'write')) return permissionDenied();
      invalidateSession(state, id);
      state.changed();
      return json(true);
    }
    case 'info':
      return blockingRead(state, request, () => {
        const session = state.sessions.get(id);
        const found = session === undefined || !readable(session) ? [] : [sessionJson(session)];
        return { index: state.index('sessions'), response: json(found), watch: JSON.stringify(found) };
      });
    case 'node':
    case 'list':
      return blockingRead(state, request, () => {
        const sessions = [...state.sessions.values()].filter((s) => readable(s) && (action === 'list' || s.node === id)).map(sessionJson);
        return { index: state.index('sessions'), response: json(sessions) };
      });
    default:
      return { status: 404, body: '' };
  }
}

/** Renewing moves no index and answers without X-Consul-Index. */
function renew(state: DoubleState, request: DoubleRequest, id: string): DoubleResponse {
  if (!uuidPattern.test(id)) return text(500, `failed session lookup: index error: UUID must be 36 characters`);
  const session = state.sessions.get(id);
  if (session === undefined) return text(404, `Session id '${id}' not found`);
  if (!request.authz.allows('session', session.node, 'write')) return permissionDenied();
  armSessionTtl(state, session);
  return json([sessionJson(session)]);
}

export function sessionJson(session: SessionRecord): Readonly<Record<string, unknown>> {
  return {
    ID: session.id,
    Name: session.name,
    Node: session.node,
    LockDelay: session.lockDelayMs * 1e6,
    Behavior: session.behavior,
    TTL: session.ttl,
    NodeChecks: session.nodeChecks,
    ServiceChecks: session.serviceChecks === null ? null : session.serviceChecks.map((check) => ({ ID: check, Namespace: '' })),
    CreateIndex: session.createIndex,
    ModifyIndex: session.modifyIndex,
  };
}
