import { randomBytes } from 'node:crypto';
import { link, mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { errorCode, messageOf, UnreachableError } from '../../errors';

/**
 * File primitives of the embedded store. Nothing is ever written in place: content goes to a
 * uniquely named temporary file beside the target (mode 600), is fsynced (not for lock files), and
 * then either renamed over the target (`writeFileAtomic`) or hard-linked to it (`createFileExclusive`,
 * which like O_EXCL fails when the target exists, but never shows a half-written file to a reader).
 */
export async function ensurePrivateDir(dir: string): Promise<void> {
  try {
    await mkdir(dir, { recursive: true, mode: 0o700 });
  } catch (error) {
    throw stateIoError('create the folder', dir, error);
  }
}

export async function writeFileAtomic(path: string, content: string, signal: AbortSignal): Promise<void> {
  signal.throwIfAborted();
  const temp = await writeTemp(path, content);
  try {
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw stateIoError('replace', path, error);
  }
  await syncDir(dirname(path));
}

/**
 * Creates the lock file `path` with `content` only if it does not exist; returns false when it
 * already did. Not fsynced: a lock needs no durability (after a crash its holder is gone too, and a
 * lock file that survived is broken as stale), and two fsyncs per lock were most of a store write.
 */
export async function createFileExclusive(path: string, content: string, signal: AbortSignal): Promise<boolean> {
  signal.throwIfAborted();
  const temp = await writeTemp(path, content, { sync: false });
  try {
    await link(temp, path);
  } catch (error) {
    if (errorCode(error) === 'EEXIST') return false;
    throw stateIoError('create', path, error);
  } finally {
    await rm(temp, { force: true });
  }
  return true;
}

/** The file's text, or undefined when it does not exist. */
export async function readTextIfExists(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return undefined;
    throw stateIoError('read', path, error);
  }
}

/** Removes a file; false when it was already gone. */
export async function removeIfExists(path: string): Promise<boolean> {
  try {
    await rm(path);
    return true;
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return false;
    throw stateIoError('remove', path, error);
  }
}

/** A fresh name beside `path` that no other process or call will pick: `.<name>.<pid>.<random>.<suffix>`. */
export function uniqueSiblingName(path: string, suffix: string): string {
  return join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(6).toString('hex')}.${suffix}`);
}

export function stateIoError(action: string, path: string, cause: unknown): UnreachableError {
  const seen = messageOf(cause);
  return new UnreachableError(`could not ${action} ${path} in the embedded store: ${seen}`, {
    hint: `check that ${dirname(path)} exists and this user may write it, or choose another folder with --state-dir`,
    cause,
  });
}

async function writeTemp(path: string, content: string, o: { readonly sync: boolean } = { sync: true }): Promise<string> {
  const temp = uniqueSiblingName(path, 'tmp');
  try {
    const handle = await open(temp, 'wx', 0o600);
    try {
      await handle.writeFile(content, 'utf8');
      if (o.sync) await handle.sync();
    } finally {
      await handle.close();
    }
    return temp;
  } catch (error) {
    await rm(temp, { force: true });
    throw stateIoError('write', temp, error);
  }
}

/** Makes a rename or link in `dir` durable. */
async function syncDir(dir: string): Promise<void> {
  try {
    const handle = await open(dir, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch (error) {
    throw stateIoError('sync the folder', dir, error);
  }
}
