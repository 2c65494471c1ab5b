import type { Logger } from '../../logger';
import type { HeldLock, LockHolder } from '../state/kv-store';
import { lockHolderFields } from '../state/lock-holder-json';
import type { ConsulConnection } from './connect-consul';
import { destroySession, renewSession } from './consul-session';

/**
 * A deploy lock held through a Consul session, renewed every TTL/3 until released. If the
 * session is lost (expired while this process stalled, or destroyed by `lock release`), renewal
 * stops and the loss is logged as an error.
 */
export class ConsulHeldLock implements HeldLock {
  private timer: NodeJS.Timeout | undefined;
  private readonly stopped = new AbortController();
  private releasing: Promise<void> | undefined;

  constructor(
    readonly service: string,
    readonly holder: LockHolder,
    private readonly key: string,
    private readonly sessionId: string,
    private readonly ttlSec: number,
    private readonly consul: ConsulConnection,
    private readonly logger: Logger,
  ) {
    this.scheduleRenewal();
  }

  release(): Promise<void> {
    this.releasing ??= this.releaseOnce();
    return this.releasing;
  }

  private scheduleRenewal(): void {
    this.timer = setTimeout(() => void this.renew(), (this.ttlSec * 1000) / 3);
    // A forgotten lock must not keep the process alive; its session then simply expires.
    this.timer.unref();
  }

  private async renew(): Promise<void> {
    const signal = AbortSignal.any([this.stopped.signal, AbortSignal.timeout((this.ttlSec * 1000) / 3)]);
    try {
      if (!(await renewSession(this.consul, this.sessionId, signal))) {
        this.logger.error(`the deploy lock of ${this.service} was lost: its Consul session ${this.sessionId} ended (expired, or released by force)`);
        return;
      }
    } catch (error) {
      if (this.stopped.signal.aborted) return;
      this.logger.warn(`could not renew the Consul session of the deploy lock of ${this.service}; retrying`, {
        error: error instanceof Error ? error.message : String(error),
      });
    }
    if (!this.stopped.signal.aborted) this.scheduleRenewal();
  }

  private async releaseOnce(): Promise<void> {
    clearTimeout(this.timer);
    this.stopped.abort();
    const signal = AbortSignal.timeout(this.consul.timeoutMs);
    const value = JSON.stringify(lockHolderFields(this.holder));
    const what = `releasing the deploy lock of ${this.service}`;
    const answer = await this.consul.exchange(what, signal, (o) => this.consul.client.kv.set({ key: this.key, value, release: this.sessionId, ...o }));
    if (answer.body !== true) this.logger.warn(`the deploy lock of ${this.service} was no longer held by this process when released (its session had ended)`);
    await destroySession(this.consul, this.sessionId, AbortSignal.timeout(this.consul.timeoutMs));
    this.logger.debug(`released the deploy lock of ${this.service}`, { key: this.key });
  }
}
