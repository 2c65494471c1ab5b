import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { EmbeddedKvStore } from '../../../../src/adapters/state/embedded-kv-store';
import { FileLockManager } from '../../../../src/adapters/state/file-lock-manager';
import type { Logger } from '../../../../src/logger';
import { silentLogger } from '../../../../src/logger';
import { holderFor } from './contract-helpers';
import { describeKvContract } from './kv-contract';
import { buildModule, NodeProgram } from './node-program';

const signal = (): AbortSignal => AbortSignal.timeout(60_000);

/** A child program with a FileLockManager and an EmbeddedKvStore on `stateDir`, driven by lines on stdin. */
function embeddedProgram(stateDir: string, body: string): string {
  return `
    const { FileLockManager } = require(${buildModule('src/adapters/state/file-lock-manager.js')});
    const { EmbeddedKvStore } = require(${buildModule('src/adapters/state/embedded-kv-store.js')});
    const { silentLogger } = require(${buildModule('src/logger.js')});
    const locks = new FileLockManager({ stateDir: ${JSON.stringify(stateDir)}, logger: silentLogger });
    const kv = new EmbeddedKvStore({ stateDir: ${JSON.stringify(stateDir)}, logger: silentLogger });
    const holder = { who: 'child@' + require('node:os').hostname(), pid: process.pid, since: new Date().toISOString(), operation: 'deploy' };
    const lines = require('node:readline').createInterface({ input: process.stdin });
    const nextLine = () => new Promise((resolve) => lines.once('line', resolve));
    (async () => { ${body} })().catch((error) => { console.error(error); process.exit(2); });
  `;
}

function recordingLogger(lines: string[]): Logger {
  const logger: Logger = {
    debug: () => undefined,
    info: (message) => void lines.push(message),
    warn: (message) => void lines.push(message),
    error: (message) => void lines.push(message),
    child: () => logger,
  };
  return logger;
}

describeKvContract('embedded store (files)', async () => {
  const stateDir = await mkdtemp(join(tmpdir(), 'dftest-state-'));
  return {
    kv: new EmbeddedKvStore({ stateDir, logger: silentLogger }),
    locks: new FileLockManager({ stateDir, logger: silentLogger }),
    lockHolderProgram: embeddedProgram(stateDir, `
      await locks.acquire(process.argv[1], holder, 0, AbortSignal.timeout(10000));
      console.log('locked');
      setInterval(() => undefined, 1000);`),
    crashedLockFreesWithinMs: 5_000,
    close: () => rm(stateDir, { recursive: true, force: true }),
  };
});

describe('embedded store on disk and across processes', function () {
  let stateDir: string;
  beforeEach(async () => {
    stateDir = await mkdtemp(join(tmpdir(), 'dftest-state-'));
  });
  afterEach(async () => {
    await rm(stateDir, { recursive: true, force: true });
  });

  it('names itself after its folder and keeps private files: folders 700, files 600, no temporary files left', async () => {
    const kv = new EmbeddedKvStore({ stateDir, logger: silentLogger });
    assert.equal(kv.description, `embedded store at ${stateDir}`);
    await kv.put('docker-flow/app/color', 'blue', {}, signal());
    await kv.put('docker-flow/app/scale', '2', {}, signal());
    const held = await new FileLockManager({ stateDir, logger: silentLogger }).acquire('app', holderFor('deploy'), 0, signal());
    assert.equal((await stat(join(stateDir, 'kv'))).mode & 0o777, 0o700);
    assert.equal((await stat(join(stateDir, 'locks'))).mode & 0o777, 0o700);
    const kvFiles = await readdir(join(stateDir, 'kv'));
    assert.deepEqual(kvFiles.filter((name) => !name.startsWith('.')).sort(), ['docker-flow%2Fapp%2Fcolor.json', 'docker-flow%2Fapp%2Fscale.json']);
    assert.deepEqual(kvFiles.filter((name) => name.endsWith('.tmp') || name.endsWith('.stale')), []);
    for (const name of kvFiles) assert.equal((await stat(join(stateDir, 'kv', name))).mode & 0o777, 0o600, name);
    const lockPath = join(stateDir, 'locks', 'app.lock');
    assert.equal((await stat(lockPath)).mode & 0o777, 0o600);
    const lock: unknown = JSON.parse(await readFile(lockPath, 'utf8'));
    assert.ok(typeof lock === 'object' && lock !== null);
    assert.equal(Reflect.get(lock, 'hostname'), hostname());
    assert.equal(Reflect.get(lock, 'operation'), 'deploy');
    await held.release();
    assert.deepEqual(await readdir(join(stateDir, 'locks')), []);
  });

  it('lets exactly one of two separate processes take the same deploy lock', async () => {
    const body = `
      console.log('ready');
      await nextLine();
      try { await locks.acquire('shared', holder, 0, AbortSignal.timeout(10000)); console.log('won'); }
      catch (error) { console.log('lost: ' + error.message); }
      await nextLine();
      process.exit(0);`;
    const programs = [new NodeProgram(embeddedProgram(stateDir, body), []), new NodeProgram(embeddedProgram(stateDir, body), [])];
    try {
      for (const program of programs) await program.waitForLine('ready', 20_000);
      for (const program of programs) program.send('go');
      const outcomes = await Promise.all(programs.map((program) => Promise.race([program.waitForLine('won', 20_000), program.waitForLine('lost', 20_000)])));
      assert.equal(outcomes.filter((line) => line === 'won').length, 1, JSON.stringify(outcomes));
      assert.match(outcomes.find((line) => line !== 'won') ?? '', /^lost: deploy lock of shared is held by child@.* \(pid \d+\) since .* \(deploy\)$/);
    } finally {
      for (const program of programs) program.send('exit');
      await Promise.all(programs.map((program) => program.exited));
    }
  });

  it('lets exactly one of four separate processes win the same check-and-set', async () => {
    const kv = new EmbeddedKvStore({ stateDir, logger: silentLogger });
    await kv.put('docker-flow/app/color', 'blue', {}, signal());
    const start = await kv.get('docker-flow/app/color', signal());
    assert.ok(start !== undefined);
    const body = `
      console.log('ready');
      await nextLine();
      console.log('result ' + (await kv.put('docker-flow/app/color', 'green-' + process.pid, { cas: ${start.modifyIndex} }, AbortSignal.timeout(20000))));
      process.exit(0);`;
    const programs = Array.from({ length: 4 }, () => new NodeProgram(embeddedProgram(stateDir, body), []));
    for (const program of programs) await program.waitForLine('ready', 20_000);
    for (const program of programs) program.send('go');
    const results = await Promise.all(programs.map((program) => program.waitForLine('result', 30_000)));
    await Promise.all(programs.map((program) => program.exited));
    assert.equal(results.filter((line) => line === 'result true').length, 1, JSON.stringify(results));
    const winner = programs[results.indexOf('result true')];
    assert.equal((await kv.get('docker-flow/app/color', signal()))?.value, `green-${winner?.pid}`);
  });

  it('takes over a deploy lock left by a dead process and says so in the log', async () => {
    const logged: string[] = [];
    const locks = new FileLockManager({ stateDir, logger: recordingLogger(logged) });
    const program = new NodeProgram(embeddedProgram(stateDir, `await locks.acquire('app', holder, 0, AbortSignal.timeout(10000)); console.log('locked'); await nextLine();`), []);
    await program.waitForLine('locked', 20_000);
    await program.crash();
    const held = await locks.acquire('app', holderFor('deploy'), 0, signal());
    assert.ok(logged.some((line) => line.startsWith(`taking over the deploy lock of app left by child@`) && line.includes(`pid ${program.pid}, no longer running`)), logged.join('\n'));
    await held.release();
  });

  it('breaks a store write lock left by a dead process instead of waiting for it', async () => {
    const kv = new EmbeddedKvStore({ stateDir, logger: silentLogger, writeLockWaitMs: 2_000 });
    await kv.put('docker-flow/app/scale', '1', {}, signal());
    const program = new NodeProgram('console.log("pid")', []);
    await program.exited;
    await writeFile(join(stateDir, 'kv', '.lock'), JSON.stringify({ pid: program.pid, hostname: hostname(), token: 'dead', since: new Date().toISOString() }), { mode: 0o600 });
    assert.equal(await kv.put('docker-flow/app/scale', '2', {}, signal()), true);
    assert.equal((await kv.get('docker-flow/app/scale', signal()))?.value, '2');
  });

  it('waits for a store write lock of a live process and then fails with ConflictError naming the lock file', async () => {
    const kv = new EmbeddedKvStore({ stateDir, logger: silentLogger, writeLockWaitMs: 300 });
    await kv.put('docker-flow/app/scale', '1', {}, signal());
    const lockPath = join(stateDir, 'kv', '.lock');
    await writeFile(lockPath, JSON.stringify({ pid: process.pid, hostname: hostname(), token: 'live', since: new Date().toISOString() }), { mode: 0o600 });
    await assert.rejects(kv.put('docker-flow/app/scale', '2', {}, signal()), (error: unknown) => {
      assert.ok(error instanceof Error);
      assert.match(error.message, new RegExp(`stayed locked by pid ${process.pid} on .* \\(lock file ${lockPath}\\)`));
      return true;
    });
    assert.equal((await kv.get('docker-flow/app/scale', signal()))?.value, '1');
  });
});
