import assert from 'node:assert/strict';
import { ConflictError, ExitCode } from '../../../../src/errors';
import { lockConflictError } from '../../../../src/adapters/state/lock-conflict-error';
import { lockHolderFields, parseLockHolder, unknownLockHolder } from '../../../../src/adapters/state/lock-holder-json';
import { isProcessAlive, isStaleOwner, parseLockOwner } from '../../../../src/adapters/state/lock-owner';
import { mutexRetryDelayMs } from '../../../../src/adapters/state/file-mutex';

const holder = { who: 'ana@build-7', pid: 4242, since: '2026-03-01T10:00:00.000Z', operation: 'deploy' };

describe('lock records', () => {
  it('reads a LockHolder from a lock file or Consul value and ignores extra fields', () => {
    assert.deepEqual(parseLockHolder({ ...holder, hostname: 'build-7', token: 't' }), holder);
    const withExtra = { ...holder, extra: 1 };
    assert.deepEqual(lockHolderFields(withExtra), holder);
  });

  it('rejects values that are not a LockHolder', () => {
    for (const value of [undefined, null, 'deploy', [], { ...holder, pid: '4242' }, { who: 'x', pid: 1, since: 's' }]) {
      assert.equal(parseLockHolder(value), undefined, JSON.stringify(value));
    }
  });

  it('reads the owner of a lock file (pid, hostname, token)', () => {
    assert.deepEqual(parseLockOwner({ ...holder, hostname: 'build-7', token: 'abc' }), { pid: 4242, hostname: 'build-7', token: 'abc' });
    assert.equal(parseLockOwner(holder), undefined);
  });

  it('calls a lock stale only when its process is gone on this same machine', () => {
    assert.equal(isProcessAlive(process.pid), true);
    assert.equal(isStaleOwner({ pid: process.pid, hostname: 'here', token: 't' }, 'here'), false);
    assert.equal(isStaleOwner({ pid: 2 ** 22 + 12_345, hostname: 'elsewhere', token: 't' }, 'here'), false, 'another machine is never judged');
  });

  it('never probes process groups: pid 0 and negative pids count as alive', () => {
    assert.equal(isProcessAlive(0), true);
    assert.equal(isProcessAlive(-1), true);
    assert.equal(isProcessAlive(1.5), true);
  });

  it('words the conflict with holder, pid, time and operation, and says how to get past it', () => {
    const error = lockConflictError('shop-web', holder);
    assert.ok(error instanceof ConflictError);
    assert.equal(error.exitCode, ExitCode.conflict);
    assert.equal(error.message, 'deploy lock of shop-web is held by ana@build-7 (pid 4242) since 2026-03-01T10:00:00.000Z (deploy)');
    assert.equal(error.hint, 'wait for it to finish, retry with --lock-wait <seconds>, or if you are sure it is dead: docker-flow lock release shop-web');
    assert.match(lockConflictError('x', unknownLockHolder('unreadable lock file /s/x.lock')).message, /held by an unknown holder \(unreadable lock file \/s\/x\.lock\)/);
  });

  it('retries a busy store lock quickly at first and at most every 100 ms', () => {
    assert.deepEqual([0, 1, 2, 3, 4, 5, 6, 50].map(mutexRetryDelayMs), [5, 10, 20, 40, 80, 100, 100, 100]);
  });
});
