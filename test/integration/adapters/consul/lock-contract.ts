import assert from 'node:assert/strict';
import { ConflictError, ExitCode } from '../../../../src/errors';
import { eventually, holderFor } from './contract-helpers';
import type { KvContractSubject } from './kv-contract';
import { NodeProgram } from './node-program';

const signal = (): AbortSignal => AbortSignal.timeout(60_000);

/** The LockManager half of the contract: deploy locks taken, refused, waited for, forced and freed after a crash. */
export function describeLockContract(subject: () => KvContractSubject, service: (label: string) => string): void {
  it('takes a free lock, reports its holder, refuses a second taker with a message naming the holder', async () => {
    const holder = holderFor('deploy');
    const held = await subject().locks.acquire(service('lock'), holder, 0, signal());
    try {
      assert.deepEqual(await subject().locks.status(service('lock'), signal()), holder);
      const refused = await subject().locks.acquire(service('lock'), holderFor('scale'), 0, signal()).then(
        () => assert.fail('a second acquire must fail'),
        (error: unknown) => error,
      );
      assert.ok(refused instanceof ConflictError);
      assert.equal(refused.exitCode, ExitCode.conflict);
      assert.equal(refused.message, `deploy lock of ${service('lock')} is held by ${holder.who} (pid ${holder.pid}) since ${holder.since} (deploy)`);
      assert.equal(refused.hint, `wait for it to finish, retry with --lock-wait <seconds>, or if you are sure it is dead: docker-flow lock release ${service('lock')}`);
    } finally {
      await held.release();
    }
    assert.equal(await subject().locks.status(service('lock'), signal()), undefined);
    await held.release();
  });

  it('waits for a held lock and takes it once the holder releases it', async () => {
    const first = await subject().locks.acquire(service('wait'), holderFor('deploy'), 0, signal());
    const startedMs = Date.now();
    setTimeout(() => void first.release(), 400);
    const second = await subject().locks.acquire(service('wait'), holderFor('scale'), 15_000, signal());
    const waitedMs = Date.now() - startedMs;
    assert.ok(waitedMs >= 350 && waitedMs < 10_000, `waited ${waitedMs} ms`);
    assert.equal((await subject().locks.status(service('wait'), signal()))?.operation, 'scale');
    await second.release();
  });

  it('gives up with ConflictError when the lock stays held for the whole wait', async () => {
    const held = await subject().locks.acquire(service('timeout'), holderFor('deploy'), 0, signal());
    try {
      const startedMs = Date.now();
      await assert.rejects(subject().locks.acquire(service('timeout'), holderFor('scale'), 800, signal()), ConflictError);
      assert.ok(Date.now() - startedMs >= 750, `gave up after ${Date.now() - startedMs} ms`);
    } finally {
      await held.release();
    }
  });

  it('force-releases a lock whoever holds it; the old holder then cannot remove the new lock', async () => {
    const old = await subject().locks.acquire(service('force'), holderFor('deploy'), 0, signal());
    assert.equal((await subject().locks.forceRelease(service('force'), signal()))?.operation, 'deploy');
    assert.equal(await subject().locks.status(service('force'), signal()), undefined);
    assert.equal(await subject().locks.forceRelease(service('force'), signal()), undefined);
    const next = await subject().locks.acquire(service('force'), holderFor('rollback'), 0, signal());
    await old.release();
    assert.equal((await subject().locks.status(service('force'), signal()))?.operation, 'rollback');
    await next.release();
  });

  it('frees the lock of a holder process that crashed', async function () {
    this.timeout(subject().crashedLockFreesWithinMs + 30_000);
    const program = new NodeProgram(subject().lockHolderProgram, [service('crash')]);
    try {
      await program.waitForLine('locked', 20_000);
      assert.equal((await subject().locks.status(service('crash'), signal()))?.pid, program.pid);
    } finally {
      await program.crash();
    }
    await eventually('the crashed holder\'s lock freeing itself', subject().crashedLockFreesWithinMs, async () =>
      (await subject().locks.status(service('crash'), signal())) === undefined,
    );
    const held = await subject().locks.acquire(service('crash'), holderFor('deploy'), 0, signal());
    await held.release();
  });
}
