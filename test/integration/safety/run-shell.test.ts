import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { runShell } from '../../../src/adapters/process/run-shell';
import { InterruptedError } from '../../../src/errors';
import { tempDir } from '../support/temp-dir';
import { waitFor } from '../support/wait-for';

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('adapters/process/run-shell (the hooks runner) on this machine', function () {
  let dir = '';
  before(async () => {
    dir = await tempDir('df-run-shell');
  });

  it('runs sh -c in the given folder with the given environment, and reports output and exit code', async () => {
    const chunks: string[] = [];
    const result = await runShell(
      { command: 'pwd; echo "$GREETING" >&2; exit 3', cwd: dir, env: { PATH: process.env['PATH'], GREETING: 'hello' }, timeoutMs: 10_000, onOutput: (c) => chunks.push(c) },
      new AbortController().signal,
    );
    assert.deepEqual(result, { exitCode: 3, timedOut: false });
    assert.deepEqual(chunks.join('').split('\n').filter(Boolean).sort(), [dir, 'hello'].sort());
  });

  it('on timeout stops the command and everything it started (its process group)', async () => {
    const started = Date.now();
    const result = await runShell(
      { command: `sleep 300 & echo $! > ${join(dir, 'child.pid')}; wait`, cwd: dir, env: { PATH: process.env['PATH'] }, timeoutMs: 1000, onOutput: () => undefined, killGraceMs: 1000 },
      new AbortController().signal,
    );
    assert.equal(result.timedOut, true);
    assert.ok(Date.now() - started < 20_000);
    const pid = Number((await readFile(join(dir, 'child.pid'), 'utf8')).trim());
    await waitFor(() => Promise.resolve(!alive(pid)), { timeoutMs: 10_000, what: `background process ${pid} to be stopped` });
  });

  it('when interrupted stops the command and rejects with InterruptedError', async () => {
    const controller = new AbortController();
    const run = runShell({ command: 'echo started; sleep 300', cwd: dir, env: { PATH: process.env['PATH'] }, timeoutMs: 60_000, onOutput: () => controller.abort() }, controller.signal);
    await assert.rejects(run, (error: unknown) => error instanceof InterruptedError);
  });

  it('a folder that does not exist is a FlowFailedError naming it', async () => {
    await assert.rejects(
      runShell({ command: 'true', cwd: join(dir, 'missing'), env: { PATH: process.env['PATH'] }, timeoutMs: 5000, onOutput: () => undefined }, new AbortController().signal),
      (error: unknown) => error instanceof Error && error.name === 'FlowFailedError' && error.message.includes(join(dir, 'missing')),
    );
  });
});
