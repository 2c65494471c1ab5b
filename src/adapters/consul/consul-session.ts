import { UnreachableError } from '../../errors';
import type { ConsulConnection } from './connect-consul';

/** Sessions are created on the agent's own node, whatever its name. */
const sessionRight = 'session_prefix "" write';

/**
 * The Consul sessions behind deploy locks: a TTL (Consul accepts 10 s to 24 h and may let a
 * session live up to twice its TTL), no lock-delay, and behavior "release" so the lock key stays
 * (with its last holder as value) when the session ends.
 */
export async function createLockSession(consul: ConsulConnection, name: string, ttlSec: number, signal: AbortSignal): Promise<string> {
  const raw: unknown = await consul.call(`creating a session for ${name}`, signal, (client, o) =>
    client.session.create({ name, ttl: `${ttlSec}s`, lockdelay: '0s', behavior: 'release', ...o }),
    { needs: sessionRight },
  );
  const id: unknown = typeof raw === 'object' && raw !== null ? Reflect.get(raw, 'ID') : undefined;
  if (typeof id !== 'string' || id === '') {
    throw new UnreachableError(`${consul.description} answered the session creation for ${name} without a session ID`, {
      hint: 'check that --consul-address points at a Consul agent (HTTP API v1)',
    });
  }
  return id;
}

/** Renews a session's TTL; false when Consul no longer knows the session (expired or destroyed). */
export async function renewSession(consul: ConsulConnection, id: string, signal: AbortSignal): Promise<boolean> {
  return consul.call(`renewing session ${id}`, signal, async (client, o) => (await client.session.renew({ id, ...o }), true), { onNotFound: () => false, needs: sessionRight });
}

/** Ends a session; Consul releases every lock it held. */
export async function destroySession(consul: ConsulConnection, id: string, signal: AbortSignal): Promise<void> {
  await consul.call(`destroying session ${id}`, signal, (client, o) => client.session.destroy({ id, ...o }), { needs: sessionRight });
}
