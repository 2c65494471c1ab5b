import assert from 'node:assert/strict';
import type { LockHolder } from '../../../../src/ports/lock-manager';

export function holderFor(operation: string, pid = process.pid): LockHolder {
  return { who: `contract@test-host`, pid, since: new Date().toISOString(), operation };
}

/** Polls `check` until it holds, failing with `what` after `timeoutMs`. */
export async function eventually(what: string, timeoutMs: number, check: () => Promise<boolean>): Promise<void> {
  const deadlineMs = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadlineMs) assert.fail(`${what} did not happen within ${timeoutMs} ms`);
    await new Promise((wake) => setTimeout(wake, 200));
  }
}
