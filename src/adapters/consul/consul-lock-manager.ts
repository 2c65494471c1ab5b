import type { Logger } from '../../logger';
import { abortableDelay, interruptible } from '../state/abortable-delay';
import type { HeldLock, LockHolder, LockManager } from '../../ports/lock-manager';
import { lockConflictError } from '../state/lock-conflict-error';
import { lockHolderFields, parseLockHolder, unknownLockHolder } from '../state/lock-holder-json';
import { parseJson } from '../state/lock-owner';
import type { ConsulConnection } from './connect-consul';
import { ConsulHeldLock } from './consul-held-lock';
import { toBoolean, toConsulKvItem, type ConsulKvItem } from './consul-kv-item';
import { createLockSession, destroySession } from './consul-session';

export interface ConsulLockManagerOptions {
  readonly logger: Logger;
  /** Session TTL: a crashed holder's lock frees itself after at most twice this. Default 15, minimum 10 (Consul's). */
  readonly sessionTtlSec?: number;
}

/** The key of a service's deploy lock. */
export function consulLockKey(service: string): string {
  return `docker-flow/${service}/lock`;
}

/**
 * Deploy locks as Consul sessions: `acquire` creates a session and takes
 * `docker-flow/<service>/lock` with `?acquire=<session>` (value: the LockHolder JSON); while
 * another session holds it, waits with blocking queries on the key until `waitMs` ends. The
 * holder is whoever's session is on the key.
 */
export class ConsulLockManager implements LockManager {
  private readonly logger: Logger;
  private readonly ttlSec: number;

  constructor(
    private readonly consul: ConsulConnection,
    options: ConsulLockManagerOptions,
  ) {
    this.logger = options.logger;
    this.ttlSec = Math.max(10, options.sessionTtlSec ?? 15);
  }

  async acquire(service: string, holder: LockHolder, waitMs: number, signal: AbortSignal): Promise<HeldLock> {
    const key = consulLockKey(service);
    const value = JSON.stringify(lockHolderFields(holder));
    const deadlineMs = Date.now() + Math.max(0, waitMs);
    const sessionId = await createLockSession(this.consul, `docker-flow deploy lock of ${service}`, this.ttlSec, signal);
    try {
      return await interruptible(`waiting for the deploy lock of ${service}`, signal, async () => {
        for (;;) {
          const what = `taking the deploy lock of ${service}`;
          const answer = await this.consul.exchange(what, signal, (client, o) => client.kv.set({ key, value, acquire: sessionId, ...o }), { needs: `key "${key}" write` });
          const taken = toBoolean(answer.body, what, this.consul.description);
          if (taken) {
            this.logger.debug(`took the deploy lock of ${service}`, { key, session: sessionId });
            return new ConsulHeldLock(service, holder, key, sessionId, this.ttlSec, this.consul, this.logger);
          }
          const current = await this.consul.exchange(`reading the deploy lock of ${service}`, signal, (client, o) => client.kv.get({ key, ...o }));
          const item = current.found ? toConsulKvItem(current.body, this.consul.description) : undefined;
          const remainingMs = deadlineMs - Date.now();
          if (remainingMs <= 0) throw lockConflictError(service, holderOf(item) ?? unknownLockHolder('the lock was just freed and is held back by its lock-delay'));
          if (item?.session === undefined) {
            // Freed between our attempt and the read, or held back by a lock-delay: look again shortly.
            await abortableDelay(Math.min(250, remainingMs), signal);
            continue;
          }
          await this.waitForChange(service, key, current.index, remainingMs, signal);
        }
      });
    } catch (error) {
      await destroySession(this.consul, sessionId, AbortSignal.timeout(this.consul.timeoutMs)).catch(() => undefined);
      throw error;
    }
  }

  async status(service: string, signal: AbortSignal): Promise<LockHolder | undefined> {
    return holderOf(await this.readLock(service, signal));
  }

  async forceRelease(service: string, signal: AbortSignal): Promise<LockHolder | undefined> {
    const item = await this.readLock(service, signal);
    const holder = holderOf(item);
    if (item?.session === undefined || holder === undefined) return undefined;
    await destroySession(this.consul, item.session, signal);
    this.logger.warn(`released the deploy lock of ${service} held by ${holder.who} (pid ${holder.pid}) by ending its Consul session ${item.session}`);
    return holder;
  }

  private async readLock(service: string, signal: AbortSignal): Promise<ConsulKvItem | undefined> {
    const key = consulLockKey(service);
    const raw: unknown = await this.consul.call(`reading the deploy lock of ${service}`, signal, (client, o) => client.kv.get({ key, ...o }));
    return raw === undefined || raw === null ? undefined : toConsulKvItem(raw, this.consul.description);
  }

  /** A blocking query on the lock key: returns when it changes or `waitMs` (at most 5 minutes) passes. */
  private async waitForChange(service: string, key: string, index: number, waitMs: number, signal: AbortSignal): Promise<void> {
    const blockMs = Math.max(1, Math.min(waitMs, 300_000));
    // index and wait are common query options of every read; the client's typings list them only in defaults.
    const blocking = { index: String(Math.max(1, index)), wait: `${blockMs}ms` };
    await this.consul.exchange(
      `waiting for the deploy lock of ${service} to change`,
      signal,
      (client, o) => client.kv.get({ key, ...blocking, ...o }),
      { timeoutMs: blockMs + blockMs / 16 + this.consul.timeoutMs },
    );
  }
}

/** The holder of a lock key: its value, but only while a session holds the key. */
function holderOf(item: ConsulKvItem | undefined): LockHolder | undefined {
  if (item?.session === undefined) return undefined;
  return parseLockHolder(parseJson(item.value)) ?? unknownLockHolder(`unreadable lock value held by Consul session ${item.session}`);
}
