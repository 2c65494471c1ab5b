import type { DoubleState } from './double-state';
import type { SessionRecord } from './records';

/** Consul lets a TTL session live up to twice its TTL before it invalidates it (SessionTTLMultiplier). */
const ttlMultiplier = 2;

/** Every check a session is bound to (the legacy Checks, NodeChecks and ServiceChecks). */
export function sessionCheckIds(session: Pick<SessionRecord, 'legacyChecks' | 'nodeChecks' | 'serviceChecks'>): readonly string[] {
  return [...session.legacyChecks, ...session.nodeChecks, ...(session.serviceChecks ?? [])];
}

/** (Re)starts a TTL session's clock; at twice its TTL without a renewal it is invalidated. */
export function armSessionTtl(state: DoubleState, session: SessionRecord): void {
  clearTimeout(state.sessionTimers.get(session.id));
  if (session.ttlMs === 0) return;
  const timer = setTimeout(() => {
    invalidateSession(state, session.id);
    state.changed();
  }, session.ttlMs * ttlMultiplier);
  timer.unref();
  state.sessionTimers.set(session.id, timer);
}

/**
 * Ends a session (destroyed, TTL expired, its node deregistered, a check it is bound to critical
 * or gone): its locks are released (or their keys deleted, behavior "delete") and held back for
 * the session's lock-delay. The caller announces the change.
 */
export function invalidateSession(state: DoubleState, id: string, index = state.nextIndex()): void {
  const session = state.sessions.get(id);
  if (session === undefined) return;
  clearTimeout(state.sessionTimers.get(id));
  state.sessionTimers.delete(id);
  state.sessions.delete(id);
  state.bump('sessions', index);
  for (const record of [...state.kv.values()]) {
    if (record.session !== id) continue;
    if (session.lockDelayMs > 0) state.lockDelayUntilMs.set(record.key, Date.now() + session.lockDelayMs);
    if (session.behavior === 'delete') {
      state.kv.delete(record.key);
      state.tombstones.set(record.key, index);
      state.bump('tombstones', index);
    } else {
      const { session: _released, ...rest } = record;
      state.kv.set(record.key, { ...rest, modifyIndex: index });
    }
    state.bump('kvs', index);
  }
}

/** Sessions bound to a node that left, or to checks that turned critical or were removed. */
export function invalidateSessionsOf(state: DoubleState, node: string, checkIds: readonly string[] | 'node', index: number): void {
  for (const session of [...state.sessions.values()]) {
    if (session.node !== node) continue;
    if (checkIds === 'node' || sessionCheckIds(session).some((check) => checkIds.includes(check))) invalidateSession(state, session.id, index);
  }
}
