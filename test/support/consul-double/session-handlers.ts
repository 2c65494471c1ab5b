import { randomUUID } from 'node:crypto';
import { blockingRead } from './blocking-query';
import type { DoubleRequest, DoubleResponse } from './double-http';
import { field, isResponse, json, methodNotAllowed, parseBodyObject, stringField, stringListField, text } from './double-http';
import type { DoubleState, SessionRecord } from './double-state';
import { agentNodeName } from './double-state';
import { parseGoDurationMs } from '../../../src/domain/duration-parser';

const minTtlMs = 10_000;
const maxTtlMs = 86_400_000;
/** Consul lets a TTL session live up to twice its TTL before it invalidates it (SessionTTLMultiplier). */
const ttlMultiplier = 2;

/** `/v1/session/create|renew/<id>|destroy/<id>|info/<id>|list`. */
export async function handleSession(state: DoubleState, request: DoubleRequest): Promise<DoubleResponse> {
  const [, , action = '', id = ''] = request.path.split('/');
  const isWrite = action === 'create' || action === 'renew' || action === 'destroy';
  if (isWrite && request.method !== 'PUT') return methodNotAllowed(request.method, ['PUT']);
  if (!isWrite && request.method !== 'GET') return methodNotAllowed(request.method, ['GET']);
  if (action !== 'create' && action !== 'list' && id === '') return text(400, 'Missing session');
  switch (action) {
    case 'create':
      return create(state, request);
    case 'renew':
      return renew(state, id);
    case 'destroy':
      state.invalidateSession(id);
      return json(true);
    case 'info':
      return blockingRead(state, request, () => {
        const session = state.sessions.get(id);
        return { index: state.sessionIndex, response: json(session === undefined ? [] : [sessionJson(session)]) };
      });
    case 'list':
      return blockingRead(state, request, () => ({ index: state.sessionIndex, response: json([...state.sessions.values()].map(sessionJson)) }));
    default:
      return text(404, `404 page not found`);
  }
}

function create(state: DoubleState, request: DoubleRequest): DoubleResponse {
  const body = parseBodyObject(request);
  if (isResponse(body)) return body;
  const lockDelayMs = parseLockDelayMs(field(body, 'LockDelay'));
  if (lockDelayMs === undefined) return text(400, 'Request decode failed: invalid LockDelay');
  const behavior = stringField(body, 'Behavior') ?? 'release';
  if (behavior !== 'release' && behavior !== 'delete') return text(500, `Invalid Behavior setting '${behavior}'`);
  const ttl = stringField(body, 'TTL') ?? '';
  const ttlMs = ttl === '' ? 0 : parseGoDurationMs(ttl);
  if (ttlMs === undefined) return text(500, `Session TTL '${ttl}' invalid: time: invalid duration "${ttl}"`);
  if (ttlMs !== 0 && (ttlMs < minTtlMs || ttlMs > maxTtlMs)) return text(500, `Invalid Session TTL '${ttlMs * 1e6}', must be between [10s=24h0m0s]`);
  const node = stringField(body, 'Node') ?? agentNodeName;
  if (!state.nodes.has(node)) return text(500, `Missing node registration`);
  const hasChecks = field(body, 'Checks') !== undefined || field(body, 'NodeChecks') !== undefined;
  const index = state.nextIndex();
  const session: SessionRecord = {
    id: randomUUID(),
    name: stringField(body, 'Name') ?? '',
    node,
    lockDelayMs,
    behavior,
    ttl,
    ttlMs,
    nodeChecks: hasChecks ? [...stringListField(body, 'Checks'), ...stringListField(body, 'NodeChecks')] : ['serfHealth'],
    createIndex: index,
    modifyIndex: index,
  };
  state.sessions.set(session.id, session);
  state.sessionIndex = index;
  armTtl(state, session);
  state.changed();
  return json({ ID: session.id });
}

function renew(state: DoubleState, id: string): DoubleResponse {
  const session = state.sessions.get(id);
  if (session === undefined) return text(404, `Session id '${id}' not found`);
  armTtl(state, session);
  return json([sessionJson(session)], state.sessionIndex);
}

function armTtl(state: DoubleState, session: SessionRecord): void {
  clearTimeout(state.sessionTimers.get(session.id));
  if (session.ttlMs === 0) return;
  const timer = setTimeout(() => state.invalidateSession(session.id), session.ttlMs * ttlMultiplier);
  timer.unref();
  state.sessionTimers.set(session.id, timer);
}

/** Consul takes "15s" or nanoseconds, and reads small numbers (< 1000) as seconds. */
function parseLockDelayMs(value: unknown): number | undefined {
  if (value === undefined) return 15_000;
  const ns = typeof value === 'string' ? (parseGoDurationMs(value) ?? Number.NaN) * 1e6 : typeof value === 'number' ? value : Number.NaN;
  if (Number.isNaN(ns) || ns < 0) return undefined;
  return (ns < 1000 ? ns * 1e9 : ns) / 1e6;
}

function sessionJson(session: SessionRecord): Readonly<Record<string, unknown>> {
  return {
    ID: session.id,
    Name: session.name,
    Node: session.node,
    LockDelay: session.lockDelayMs * 1e6,
    Behavior: session.behavior,
    TTL: session.ttl,
    NodeChecks: session.nodeChecks.length === 0 ? null : session.nodeChecks,
    ServiceChecks: null,
    CreateIndex: session.createIndex,
    ModifyIndex: session.modifyIndex,
  };
}
