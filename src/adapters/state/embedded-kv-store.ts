import { readdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { ConfigError, errorCode, UnreachableError } from '../../errors';
import type { Logger } from '../../logger';
import { interruptible } from './abortable-delay';
import { ensurePrivateDir, readTextIfExists, removeIfExists, stateIoError, writeFileAtomic } from './atomic-files';
import { withFileMutex } from './file-mutex';
import type { KvEntry, KvStore } from '../../ports/kv-store';
import { parseJson } from './lock-owner';
import { safeFileStem, stemMayStartWith, textOfStem } from './safe-file-name';
import { mapBounded } from '../../settle-bounded';
import { keyNamesUnder } from '../../domain/kv-key-names';

export interface EmbeddedKvStoreOptions {
  /** The state folder; entries live in `<stateDir>/kv/` (mode 700, files mode 600). */
  readonly stateDir: string;
  readonly logger: Logger;
  /** How long a write waits for another process's write to finish. Default 10 s. */
  readonly writeLockWaitMs?: number;
}

/**
 * KvStore on local files with Consul's semantics: one JSON file per key ({key, value,
 * modifyIndex}), a store-wide index counter that grows on every write (so a deleted and
 * re-created key never reuses a modifyIndex), atomic replacement of every file, and
 * check-and-set decided under a short exclusive lock file so two processes can never both win.
 * Reads take no lock: a reader sees either the old or the new file, never a mix.
 */
export class EmbeddedKvStore implements KvStore {
  readonly description: string;
  private readonly dir: string;
  private readonly logger: Logger;
  private readonly writeLockWaitMs: number;

  constructor(options: EmbeddedKvStoreOptions) {
    const stateDir = resolve(options.stateDir);
    this.description = `embedded store at ${stateDir}`;
    this.dir = join(stateDir, 'kv');
    this.logger = options.logger;
    this.writeLockWaitMs = options.writeLockWaitMs ?? 10_000;
  }

  async get(key: string, signal: AbortSignal): Promise<KvEntry | undefined> {
    return interruptible(`reading ${key} from the ${this.description}`, signal, () => this.readEntry(key));
  }

  async list(prefix: string, signal: AbortSignal): Promise<readonly KvEntry[]> {
    return interruptible(`listing ${prefix} in the ${this.description}`, signal, async () => {
      const read = await this.readFiles(await this.fileNamesUnder(prefix), signal);
      return read.filter((entry) => entry.key.startsWith(prefix)).sort(byKey);
    });
  }

  async keys(prefix: string, separator: string, signal: AbortSignal): Promise<readonly string[]> {
    return interruptible(`listing the key names under ${prefix} in the ${this.description}`, signal, async () => {
      // a file's name is its key, except for a shortened name: that key is read from the file
      const named = (await this.fileNamesUnder(prefix)).map((name) => ({ name, key: textOfStem(stemOf(name)) }));
      const shortened = await this.readFiles(named.flatMap((n) => (n.key === undefined ? [n.name] : [])), signal);
      return keyNamesUnder([...named.flatMap((n) => (n.key === undefined ? [] : [n.key])), ...shortened.map((entry) => entry.key)], prefix, separator);
    });
  }

  async put(key: string, value: string, options: { readonly cas?: number }, signal: AbortSignal): Promise<boolean> {
    return this.write(`writing ${key} to the ${this.description}`, key, signal, async (current, nextIndex) => {
      const cas = options.cas;
      if (cas !== undefined && (cas === 0 ? current !== undefined : current?.modifyIndex !== cas)) return false;
      const entry: KvEntry = { key, value, modifyIndex: await nextIndex() };
      await writeFileAtomic(this.entryPath(key), `${JSON.stringify(entry)}\n`, signal);
      this.logger.debug(`kv put ${key}`, { store: this.description, modifyIndex: entry.modifyIndex });
      return true;
    });
  }

  async delete(key: string, options: { readonly cas?: number }, signal: AbortSignal): Promise<boolean> {
    return this.write(`deleting ${key} from the ${this.description}`, key, signal, async (current, nextIndex) => {
      if (current === undefined) return true;
      if (options.cas !== undefined && current.modifyIndex !== options.cas) return false;
      await nextIndex();
      await removeIfExists(this.entryPath(key));
      this.logger.debug(`kv delete ${key}`, { store: this.description });
      return true;
    });
  }

  /** Runs one write under the store lock with the key's current entry and a way to take the next index. */
  private async write(
    what: string,
    key: string,
    signal: AbortSignal,
    apply: (current: KvEntry | undefined, nextIndex: () => Promise<number>) => Promise<boolean>,
  ): Promise<boolean> {
    if (key === '') throw new ConfigError('key', 'an empty key cannot be written to the embedded store');
    return interruptible(what, signal, async () => {
      await ensurePrivateDir(this.dir);
      const mutex = { waitMs: this.writeLockWaitMs, what: this.description, logger: this.logger };
      return withFileMutex(join(this.dir, '.lock'), mutex, signal, async () =>
        apply(await this.readEntry(key), async () => {
          // The counter is written before the entry: a crash in between only skips a number.
          const next = (await this.readIndex()) + 1;
          await writeFileAtomic(this.indexPath(), `${next}\n`, signal);
          return next;
        }),
      );
    });
  }

  private async readIndex(): Promise<number> {
    const text = await readTextIfExists(this.indexPath());
    if (text === undefined) return 0;
    const index = Number(text.trim());
    if (!Number.isSafeInteger(index) || index < 0) throw this.corrupt(this.indexPath(), `"${text.trim()}" is not an index`);
    return index;
  }

  private async readEntry(key: string): Promise<KvEntry | undefined> {
    const entry = await this.readFile(this.entryPath(key));
    return entry?.key === key ? entry : undefined;
  }

  private async readFile(path: string): Promise<KvEntry | undefined> {
    const text = await readTextIfExists(path);
    if (text === undefined) return undefined;
    const data = parseJson(text);
    if (typeof data !== 'object' || data === null) throw this.corrupt(path, 'it is not a JSON object');
    const key = 'key' in data ? data.key : undefined;
    const value = 'value' in data ? data.value : undefined;
    const modifyIndex = 'modifyIndex' in data ? data.modifyIndex : undefined;
    if (typeof key !== 'string' || typeof value !== 'string' || typeof modifyIndex !== 'number') {
      throw this.corrupt(path, 'it lacks a string key, a string value or a numeric modifyIndex');
    }
    return { key, value, modifyIndex };
  }

  /** The entry files that may hold a key under `prefix` (by name, so a prefix reads only its own files). */
  private async fileNamesUnder(prefix: string): Promise<readonly string[]> {
    return (await this.entryFileNames()).filter((name) => stemMayStartWith(stemOf(name), prefix));
  }

  /** The entries of these files, read a few at a time (a file removed meanwhile is skipped). */
  private async readFiles(names: readonly string[], signal: AbortSignal): Promise<readonly KvEntry[]> {
    signal.throwIfAborted();
    const read = await mapBounded(names, 16, async (name) => this.readFile(join(this.dir, name)));
    return read.filter((entry) => entry !== undefined);
  }

  private async entryFileNames(): Promise<readonly string[]> {
    try {
      return (await readdir(this.dir)).filter((name) => !name.startsWith('.') && name.endsWith('.json'));
    } catch (error) {
      if (errorCode(error) === 'ENOENT') return [];
      throw stateIoError('list', this.dir, error);
    }
  }

  private entryPath(key: string): string {
    return join(this.dir, `${safeFileStem(key)}.json`);
  }

  private indexPath(): string {
    return join(this.dir, '.index');
  }

  private corrupt(path: string, seen: string): UnreachableError {
    return new UnreachableError(`the ${this.description} holds an unreadable file ${path}: ${seen}`, {
      hint: `inspect ${path}; remove it only if you know which state it held (docker-flow status shows what is running)`,
    });
  }
}

const stemOf = (fileName: string): string => fileName.slice(0, -'.json'.length);

const byKey = (a: KvEntry, b: KvEntry): number => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
