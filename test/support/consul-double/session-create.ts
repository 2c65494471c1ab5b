import { randomUUID } from 'node:crypto';
import type { DoubleRequest, DoubleResponse } from './double-http';
import { field, hasField, isResponse, json, parseBodyObject, permissionDenied, recordList, stringField, stringListField, text } from './double-http';
import type { DoubleState } from './double-state';
import { agentNodeName } from './double-state';
import { parseGoDurationMs } from '../../../src/domain/duration-parser';
import type { SessionRecord } from './records';
import { armSessionTtl, sessionCheckIds } from './session-store';

const minTtlMs = 10_000;
const maxTtlMs = 86_400_000;

/**
 * `PUT /v1/session/create` as the agent does it: defaults (its own node, serfHealth, lock-delay
 * 15s, behavior release), Consul's fix-up of the legacy `Checks` field (`"Checks": []` drops
 * serfHealth; `"Checks": [...]` adds to it), then the state store's checks: the node must exist,
 * every check must exist on it and not be critical.
 */
export function createSession(state: DoubleState, request: DoubleRequest): DoubleResponse {
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
  if (!request.authz.allows('session', node, 'write')) return permissionDenied();
  const checks = fixupChecks(body);
  if (!state.nodes.has(node)) return text(500, 'apply failed: Missing node registration');
  for (const checkId of sessionCheckIds(checks)) {
    const check = state.checks.get(`${node}/${checkId}`);
    if (check === undefined) return text(500, `apply failed: Missing check '${checkId}' registration`);
    if (check.status === 'critical') return text(500, `apply failed: Check '${checkId}' is in critical state`);
  }
  const index = state.nextIndex();
  const session: SessionRecord = { id: randomUUID(), name: stringField(body, 'Name') ?? '', node, lockDelayMs, behavior, ttl, ttlMs, ...checks, createIndex: index, modifyIndex: index };
  state.sessions.set(session.id, session);
  state.bump('sessions', index);
  armSessionTtl(state, session);
  state.changed();
  return json({ ID: session.id });
}

/** The agent's defaults (Checks and NodeChecks both serfHealth), decoded over by the body, then fixupEmptySessionChecks. */
function fixupChecks(body: Readonly<Record<string, unknown>>): Pick<SessionRecord, 'legacyChecks' | 'nodeChecks' | 'serviceChecks'> {
  let legacyChecks = hasField(body, 'Checks') ? stringListField(body, 'Checks') : ['serfHealth'];
  let nodeChecks = hasField(body, 'NodeChecks') ? stringListField(body, 'NodeChecks') : ['serfHealth'];
  const serviceChecks = hasField(body, 'ServiceChecks') ? recordList(field(body, 'ServiceChecks')).map((check) => stringField(check, 'ID') ?? '') : null;
  if (legacyChecks.length === 0) nodeChecks = [];
  else if (legacyChecks.length === 1 && legacyChecks[0] === 'serfHealth') legacyChecks = [];
  else if (nodeChecks.length === 0) legacyChecks = [];
  return { legacyChecks, nodeChecks, serviceChecks };
}

/** Consul takes "15s" or nanoseconds, and reads small numbers (< 1000) as seconds. */
function parseLockDelayMs(value: unknown): number | undefined {
  if (value === undefined) return 15_000;
  const ns = typeof value === 'string' ? (parseGoDurationMs(value) ?? Number.NaN) * 1e6 : typeof value === 'number' ? value : Number.NaN;
  if (Number.isNaN(ns) || ns < 0) return undefined;
  return (ns < 1000 ? ns * 1e9 : ns) / 1e6;
}
