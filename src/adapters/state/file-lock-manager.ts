import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { join, resolve } from 'node:path';
import type { Logger } from '../../logger';
import { abortableDelay, interruptible } from './abortable-delay';
import { createFileExclusive, ensurePrivateDir, readTextIfExists } from './atomic-files';
import type { HeldLock, LockHolder, LockManager } from '../../ports/lock-manager';
import { lockConflictError } from './lock-conflict-error';
import { lockHolderFields, parseLockHolder, unknownLockHolder } from './lock-holder-json';
import { isStaleOwner, parseJson, parseLockOwner, removeLockFileIfUnchanged } from './lock-owner';
import { safeFileStem } from './safe-file-name';

export interface FileLockManagerOptions {
  /** The state folder; locks live in `<stateDir>/locks/<service>.lock`. */
  readonly stateDir: string;
  readonly logger: Logger;
  /** How often a waiting `acquire` looks again. Default 250 ms. */
  readonly pollIntervalMs?: number;
}

interface LockFile {
  readonly text: string;
  readonly holder: LockHolder;
  /** Taken on this machine by a process that no longer runs. */
  readonly stale: boolean;
}

/**
 * The deploy lock of the embedded store: one file per service holding the LockHolder, the
 * hostname and a random token, created atomically and exclusively. A lock whose pid no longer
 * runs on this machine is stale and taken over; a lock from another machine is never judged.
 */
export class FileLockManager implements LockManager {
  private readonly dir: string;
  private readonly logger: Logger;
  private readonly pollIntervalMs: number;

  constructor(options: FileLockManagerOptions) {
    this.dir = join(resolve(options.stateDir), 'locks');
    this.logger = options.logger;
    this.pollIntervalMs = options.pollIntervalMs ?? 250;
  }

  async acquire(service: string, holder: LockHolder, waitMs: number, signal: AbortSignal): Promise<HeldLock> {
    const path = this.lockPath(service);
    const token = randomBytes(12).toString('hex');
    const content = `${JSON.stringify({ ...lockHolderFields(holder), hostname: hostname(), token })}\n`;
    const deadlineMs = Date.now() + Math.max(0, waitMs);
    return interruptible(`waiting for the deploy lock of ${service}`, signal, async () => {
      await ensurePrivateDir(this.dir);
      for (;;) {
        if (await createFileExclusive(path, content, signal)) {
          this.logger.debug(`took the deploy lock of ${service}`, { lock: path });
          return new FileHeldLock(service, holder, path, content, this.logger);
        }
        const current = await this.read(path);
        if (current === undefined) continue;
        if (current.stale) {
          this.logger.warn(
            `taking over the deploy lock of ${service} left by ${current.holder.who} (pid ${current.holder.pid}, no longer running) since ${current.holder.since}`,
          );
          await removeLockFileIfUnchanged(path, current.text);
          continue;
        }
        const remainingMs = deadlineMs - Date.now();
        if (remainingMs <= 0) throw lockConflictError(service, current.holder);
        await abortableDelay(Math.min(this.pollIntervalMs, remainingMs), signal);
      }
    });
  }

  async status(service: string, signal: AbortSignal): Promise<LockHolder | undefined> {
    return interruptible(`reading the deploy lock of ${service}`, signal, async () => {
      const current = await this.read(this.lockPath(service));
      if (current?.stale === true) this.logger.debug(`the deploy lock of ${service} is stale: pid ${current.holder.pid} no longer runs`);
      return current === undefined || current.stale ? undefined : current.holder;
    });
  }

  async forceRelease(service: string, signal: AbortSignal): Promise<LockHolder | undefined> {
    const path = this.lockPath(service);
    return interruptible(`releasing the deploy lock of ${service}`, signal, async () => {
      for (let attempt = 0; attempt < 5; attempt += 1) {
        const current = await this.read(path);
        if (current === undefined) return undefined;
        const outcome = await removeLockFileIfUnchanged(path, current.text);
        if (outcome === 'removed') {
          this.logger.warn(`removed the deploy lock of ${service} held by ${current.holder.who} (pid ${current.holder.pid})`);
          return current.holder;
        }
        if (outcome === 'gone') return undefined;
      }
      return undefined;
    });
  }

  private async read(path: string): Promise<LockFile | undefined> {
    const text = await readTextIfExists(path);
    if (text === undefined) return undefined;
    const data = parseJson(text);
    const owner = parseLockOwner(data);
    const holder = parseLockHolder(data) ?? unknownLockHolder(`unreadable lock file ${path}`);
    return { text, holder, stale: owner !== undefined && isStaleOwner(owner) };
  }

  private lockPath(service: string): string {
    return join(this.dir, `${safeFileStem(service)}.lock`);
  }
}

class FileHeldLock implements HeldLock {
  private releasing: Promise<void> | undefined;
  /** A lock file stays ours until we remove it (`lock release` by force refuses a live holder). */
  readonly lost = new AbortController().signal;

  constructor(
    readonly service: string,
    readonly holder: LockHolder,
    private readonly path: string,
    private readonly content: string,
    private readonly logger: Logger,
  ) {}

  release(): Promise<void> {
    this.releasing ??= this.removeIfOurs();
    return this.releasing;
  }

  private async removeIfOurs(): Promise<void> {
    const outcome = await removeLockFileIfUnchanged(this.path, this.content);
    if (outcome === 'removed') this.logger.debug(`released the deploy lock of ${this.service}`, { lock: this.path });
    else this.logger.warn(`the deploy lock of ${this.service} was no longer ours when released (removed or taken over by someone else); left it as it is`);
  }
}
