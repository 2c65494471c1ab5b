import type { HeldLock } from '../adapters/state/kv-store';
import { DockerFlowError } from '../errors';

/**
 * Runs `body` holding `lock`, then releases the lock. When the body failed, a release that fails
 * too (Consul gone) must not hide why the body failed: it is added to the body's error. When only
 * the release fails, that is the error.
 */
export async function whileLocked<T>(lock: HeldLock, body: () => Promise<T>): Promise<T> {
  let result: T;
  try {
    result = await body();
  } catch (error) {
    await lock.release().catch((releaseError: unknown) => {
      if (!(error instanceof DockerFlowError)) return;
      const why = releaseError instanceof Error ? releaseError.message : String(releaseError);
      error.message += `; the deploy lock of ${lock.service} could not be released either (${why}): it frees itself once this command's Consul session expires, or at once with docker-flow lock release ${lock.service}`;
    });
    throw error;
  }
  await lock.release();
  return result;
}
