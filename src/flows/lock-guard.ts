import { setMaxListeners } from 'node:events';
import type { HeldLock, LockManager } from '../ports/lock-manager';
import { messageOf, withContext } from '../errors';
import type { FlowContext } from './flow-context';

/**
 * The deploy lock a run holds, and the rule that nothing acts on the cluster without it. When the
 * lock is lost (`lost` aborts), the run's forward steps stop; before each step of its undo, the
 * lock is taken again (without waiting). If someone else holds it by then, the undo is not done:
 * what this run started is left to the next deploy of the service, which removes leftovers of the
 * colour it starts.
 */
export class LockGuard {
  private current: HeldLock;
  private retaking: Promise<void> | undefined;

  constructor(
    private readonly first: HeldLock,
    private readonly locks: LockManager,
  ) {
    this.current = first;
  }

  get service(): string {
    return this.first.service;
  }

  /** Aborted (reason: a ConflictError naming the lock) when the lock this run took was lost. */
  get lost(): AbortSignal {
    return this.first.lost;
  }

  /** Resolves once the lock is held: at once while it was never lost, else after taking it again. */
  async ensureHeld(signal: AbortSignal): Promise<void> {
    if (!this.current.lost.aborted) return;
    this.retaking ??= this.retake(signal);
    await this.retaking;
  }

  /** Releases the lock held now (the lost one needs nothing: its session is gone). */
  async release(): Promise<void> {
    if (this.current !== this.first) await this.first.release().catch(() => undefined);
    await this.current.release();
  }

  private async retake(signal: AbortSignal): Promise<void> {
    try {
      this.current = await this.locks.acquire(this.first.service, this.first.holder, 0, signal);
    } catch (error) {
      throw withContext(error, {
        before: `the deploy lock of ${this.first.service} was lost and could not be taken again to undo this run's steps: `,
        after: '; the next deploy of this service removes what this run left',
      });
    }
  }
}

/**
 * The context of a locked run: its signal also aborts when the lock is lost (so every wait stops at
 * once and no further step starts), the timeline says so, and plans check the lock before each step.
 */
export function lockedContext(ctx: FlowContext, guard: LockGuard): FlowContext {
  guard.lost.addEventListener('abort', () => ctx.progress({ type: 'note', message: `${messageOf(guard.lost.reason)}; stopping this run` }), { once: true });
  const signal = AbortSignal.any([ctx.signal, guard.lost]);
  // Every step and wait of the run listens to it, as to the command's own signal.
  setMaxListeners(1000, signal);
  return { ...ctx, signal, lockGuard: guard };
}
