import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import type { KvStore } from '../../../../src/ports/kv-store';
import type { LockManager } from '../../../../src/ports/lock-manager';
import { describeLockContract } from './lock-contract';

export interface KvContractSubject {
  readonly kv: KvStore;
  readonly locks: LockManager;
  /**
   * Source of a `node -e` program that takes the deploy lock of the service named in
   * process.argv[1] (holder pid = its own pid), prints "locked", and then idles until killed.
   */
  readonly lockHolderProgram: string;
  /** Longest time the lock of a crashed holder may take to free itself (Consul: up to 2 × session TTL). */
  readonly crashedLockFreesWithinMs: number;
  close(): Promise<void>;
}

const signal = (): AbortSignal => AbortSignal.timeout(60_000);

/**
 * The KvStore and LockManager contract, run unchanged against every implementation: the
 * embedded store, Consul through the double, and a real Consul agent (CONSUL_HTTP_ADDR).
 */
export function describeKvContract(name: string, createSubject: () => Promise<KvContractSubject>): void {
  describe(`KvStore and LockManager contract: ${name}`, function () {
    let subject: KvContractSubject;
    const run = randomBytes(4).toString('hex');
    const prefix = `dftest/${run}/`;
    const service = (label: string): string => `dftest-${run}-${label}`;

    before(async () => {
      subject = await createSubject();
    });
    after(async () => {
      for (const entry of await subject.kv.list(`dftest/${run}`, signal())) await subject.kv.delete(entry.key, {}, signal());
      for (const label of ['lock', 'wait', 'timeout', 'force', 'crash']) await subject.kv.delete(`docker-flow/${service(label)}/lock`, {}, signal());
      await subject.close();
    });

    it('gets nothing for a missing key, then what was put, with a positive modifyIndex', async () => {
      assert.equal(await subject.kv.get(`${prefix}missing`, signal()), undefined);
      assert.equal(await subject.kv.put(`${prefix}color`, 'blue', {}, signal()), true);
      const entry = await subject.kv.get(`${prefix}color`, signal());
      assert.equal(entry?.key, `${prefix}color`);
      assert.equal(entry?.value, 'blue');
      assert.ok((entry?.modifyIndex ?? 0) > 0, `modifyIndex ${entry?.modifyIndex} should be positive`);
    });

    it('keeps values exactly: empty, multi-line, JSON and non-ASCII text', async () => {
      const values = ['', 'line 1\nline 2\n', JSON.stringify({ color: 'green', scale: 3 }), 'grün → 緑'];
      for (const [i, value] of values.entries()) {
        await subject.kv.put(`${prefix}values/${i}`, value, {}, signal());
        assert.equal((await subject.kv.get(`${prefix}values/${i}`, signal()))?.value, value);
      }
    });

    it('lists every key under a prefix sorted by key, and nothing outside it', async () => {
      for (const key of ['list/b', 'list/a/2', 'list/c', 'list/a/1', 'listing-not-under']) await subject.kv.put(`${prefix}${key}`, key, {}, signal());
      const listed = await subject.kv.list(`${prefix}list/`, signal());
      assert.deepEqual(listed.map((entry) => entry.key), ['list/a/1', 'list/a/2', 'list/b', 'list/c'].map((key) => `${prefix}${key}`));
      assert.deepEqual(listed.map((entry) => entry.value), ['list/a/1', 'list/a/2', 'list/b', 'list/c']);
      assert.deepEqual(await subject.kv.list(`${prefix}nothing-here/`, signal()), []);
    });

    it('names the keys under a prefix without their values; with a separator, each folder once', async () => {
      const long = `keys/d/${'x'.repeat(200)}`;
      for (const key of ['keys/b', 'keys/a/2', 'keys/a/1/deep', 'keys/c', long, 'keysnot-under']) await subject.kv.put(`${prefix}${key}`, key, {}, signal());
      assert.deepEqual(await subject.kv.keys(`${prefix}keys/`, '', signal()), ['keys/a/1/deep', 'keys/a/2', 'keys/b', 'keys/c', long].map((key) => `${prefix}${key}`));
      assert.deepEqual(await subject.kv.keys(`${prefix}keys/`, '/', signal()), ['keys/a/', 'keys/b', 'keys/c', 'keys/d/'].map((key) => `${prefix}${key}`));
      assert.deepEqual(await subject.kv.keys(`${prefix}keys/d/`, '/', signal()), [`${prefix}${long}`], 'a key too long for a file name is named in full');
      assert.deepEqual(await subject.kv.keys(`${prefix}nothing-here/`, '/', signal()), []);
    });

    it('changes modifyIndex on every write; a check-and-set wins only with the current index', async () => {
      await subject.kv.put(`${prefix}cas`, 'one', {}, signal());
      const first = await subject.kv.get(`${prefix}cas`, signal());
      assert.ok(first !== undefined);
      assert.equal(await subject.kv.put(`${prefix}cas`, 'two', { cas: first.modifyIndex }, signal()), true);
      const second = await subject.kv.get(`${prefix}cas`, signal());
      assert.ok(second !== undefined && second.modifyIndex > first.modifyIndex);
      assert.equal(await subject.kv.put(`${prefix}cas`, 'stale', { cas: first.modifyIndex }, signal()), false);
      assert.equal((await subject.kv.get(`${prefix}cas`, signal()))?.value, 'two');
      assert.equal(await subject.kv.put(`${prefix}cas-missing`, 'x', { cas: second.modifyIndex }, signal()), false, 'cas > 0 on a missing key must fail');
      assert.equal(await subject.kv.get(`${prefix}cas-missing`, signal()), undefined);
    });

    it('creates with cas 0 only when the key does not exist', async () => {
      assert.equal(await subject.kv.put(`${prefix}create-only`, 'first', { cas: 0 }, signal()), true);
      assert.equal(await subject.kv.put(`${prefix}create-only`, 'second', { cas: 0 }, signal()), false);
      assert.equal((await subject.kv.get(`${prefix}create-only`, signal()))?.value, 'first');
    });

    it('deletes with check-and-set only at the current index; deleting a missing key succeeds', async () => {
      await subject.kv.put(`${prefix}doomed`, 'v1', {}, signal());
      const old = await subject.kv.get(`${prefix}doomed`, signal());
      await subject.kv.put(`${prefix}doomed`, 'v2', {}, signal());
      const current = await subject.kv.get(`${prefix}doomed`, signal());
      assert.ok(old !== undefined && current !== undefined);
      assert.equal(await subject.kv.delete(`${prefix}doomed`, { cas: old.modifyIndex }, signal()), false);
      assert.equal((await subject.kv.get(`${prefix}doomed`, signal()))?.value, 'v2');
      assert.equal(await subject.kv.delete(`${prefix}doomed`, { cas: current.modifyIndex }, signal()), true);
      assert.equal(await subject.kv.get(`${prefix}doomed`, signal()), undefined);
      assert.equal(await subject.kv.delete(`${prefix}doomed`, {}, signal()), true);
    });

    it('never reuses a modifyIndex after a key is deleted and created again', async () => {
      await subject.kv.put(`${prefix}reborn`, 'a', {}, signal());
      const before = await subject.kv.get(`${prefix}reborn`, signal());
      await subject.kv.delete(`${prefix}reborn`, {}, signal());
      await subject.kv.put(`${prefix}reborn`, 'b', { cas: 0 }, signal());
      const after = await subject.kv.get(`${prefix}reborn`, signal());
      assert.ok(before !== undefined && after !== undefined && after.modifyIndex > before.modifyIndex);
      assert.equal(await subject.kv.put(`${prefix}reborn`, 'c', { cas: before.modifyIndex }, signal()), false);
    });

    it('lets exactly one of 8 concurrent check-and-set writers win', async () => {
      await subject.kv.put(`${prefix}race`, 'start', {}, signal());
      const start = await subject.kv.get(`${prefix}race`, signal());
      assert.ok(start !== undefined);
      const writers = Array.from({ length: 8 }, (_, i) => subject.kv.put(`${prefix}race`, `writer-${i}`, { cas: start.modifyIndex }, signal()));
      const results = await Promise.all(writers);
      assert.equal(results.filter(Boolean).length, 1, `winners: ${JSON.stringify(results)}`);
      assert.equal((await subject.kv.get(`${prefix}race`, signal()))?.value, `writer-${results.indexOf(true)}`);
    });

    describeLockContract(() => subject, service);
  });
}
