import { ConflictError, messageOf } from '../../errors';
import type { Logger } from '../../logger';
import type { HeldLock, LockHolder } from '../../ports/lock-manager';
import { lockHolderFields } from '../state/lock-holder-json';
import type { ConsulConnection } from './connect-consul';
import { destroySession, renewSession } from './consul-session';

/**
 * A deploy lock held through a Consul session, renewed every TTL/3 until released (each renewal
 * retried like every Consul request). The lock is lost when Consul says the session ended (it
 * expired while Consul was unreachable, or `docker-flow lock release` ended it) or when no renewal
 * succeeded for so long that Consul may have ended it (twice the TTL, less one renewal interval):
 * `lost` then aborts, so the run stops instead of acting unlocked.
 */
export class ConsulHeldLock implements HeldLock {
  private timer: NodeJS.Timeout | undefined;
  private readonly stopped = new AbortController();
  private readonly losing = new AbortController();
  private releasing: Promise<void> | undefined;
  private renewedMs = Date.now();

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

  get lost(): AbortSignal {
    return this.losing.signal;
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
        return this.lose(`its Consul session ${this.sessionId} ended (it expired while Consul could not renew it, or docker-flow lock release ended it)`);
      }
      this.renewedMs = Date.now();
    } catch (error) {
      if (this.stopped.signal.aborted) return;
      // Consul keeps a session twice its TTL after its last renewal (and a new leader restarts that clock), so an
      // election of 10-20 s is ridden out; past that, with a renewal's worth of margin, the session may be gone.
      const silentMs = Date.now() - this.renewedMs;
      const boundMs = 2 * this.ttlSec * 1000 - (this.ttlSec * 1000) / 3;
      if (silentMs >= boundMs) {
        return this.lose(`its Consul session ${this.sessionId} could not be renewed for ${Math.round(silentMs / 1000)} s (Consul ends it ${2 * this.ttlSec} s after its last renewal): ${messageOf(error)}`);
      }
      this.logger.warn(`could not renew the Consul session of the deploy lock of ${this.service}; retrying`, { error: messageOf(error) });
    }
    if (!this.stopped.signal.aborted) this.scheduleRenewal();
  }

  private lose(why: string): void {
    this.logger.error(`the deploy lock of ${this.service} was lost: ${why}`);
    this.losing.abort(
      new ConflictError(`the deploy lock of ${this.service} was lost: ${why}`, {
        hint: `make sure nobody runs docker-flow lock release ${this.service} during a deploy and that Consul answers, then run the command again`,
      }),
    );
  }

  private async releaseOnce(): Promise<void> {
    clearTimeout(this.timer);
    this.stopped.abort();
    // Released after a Consul failure too: retried like every request, for as long as --consul-retry allows.
    const budgetMs = this.consul.retryMs + this.consul.timeoutMs;
    const value = JSON.stringify(lockHolderFields(this.holder));
    const what = `releasing the deploy lock of ${this.service}`;
    const answer = await this.consul.exchange(what, AbortSignal.timeout(budgetMs), (client, o) => client.kv.set({ key: this.key, value, release: this.sessionId, ...o }), { needs: `key "${this.key}" write` });
    // After a retried release, `false` can mean an earlier try already released it; a lost lock is not ours any more.
    if (answer.body !== true && answer.attempts === 1 && !this.lost.aborted) {
      this.logger.warn(`the deploy lock of ${this.service} was no longer held by this process when released (its session had ended)`);
    }
    await destroySession(this.consul, this.sessionId, AbortSignal.timeout(budgetMs));
    this.logger.debug(`released the deploy lock of ${this.service}`, { key: this.key });
  }
}
