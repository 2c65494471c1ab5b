import assert from 'node:assert/strict';
import { OutputLines } from '../../../src/apply/output-lines';
import { runReleaseCommand, type ReleaseCommandStep } from '../../../src/apply/run-release-command';
import type { DockerEngine } from '../../../src/ports/docker-engine';
import { shellCommand } from '../../../src/domain/release-command';
import { EngineError, FlowFailedError } from '../../../src/errors';
import type { Logger } from '../../../src/logger';
import { host } from '../builders';
import { fakeEngine } from '../support/fake-engine';

const step: ReleaseCommandStep = {
  kind: 'release-command',
  host: 'local',
  timeoutMs: 2000,
  spec: { name: 'demo_app-release-4', image: 'app:v2', command: shellCommand('bin/migrate'), env: [], labels: {}, exposedPorts: [], portBindings: [], mounts: [], networks: [] },
};

function engineRunning(chunks: readonly string[], outcome: number | Error): DockerEngine & { readonly timeouts: number[] } {
  const timeouts: number[] = [];
  return {
    ...fakeEngine(host('local')),
    timeouts,
    runOnce: (_spec, onOutput, timeoutMs) => {
      timeouts.push(timeoutMs);
      for (const chunk of chunks) onOutput(chunk);
      if (outcome instanceof Error) return Promise.reject(outcome);
      return Promise.resolve({ exitCode: outcome });
    },
  };
}

function lineLogger(): Logger & { readonly lines: string[] } {
  const lines: string[] = [];
  const logger: Logger & { lines: string[] } = { lines, debug: () => undefined, info: (m) => void lines.push(m), warn: () => undefined, error: () => undefined, child: () => logger };
  return logger;
}

describe('apply/run-release-command', () => {
  it('streams the output to the log line by line and succeeds on exit code 0', async () => {
    const logger = lineLogger();
    const engine = engineRunning(['migrating 3 tab', 'les\ndone\n'], 0);
    await runReleaseCommand(engine, step, logger, new AbortController().signal);
    assert.deepEqual(logger.lines, ['  │ migrating 3 tables', '  │ done']);
    assert.deepEqual(engine.timeouts, [2000]);
  });

  it('fails on a non-zero exit with the command, the exit code and the last output lines', async () => {
    const engine = engineRunning(['1\n2\n3\n4\n5\n6\nERROR: relation "users" exists'], 3);
    await assert.rejects(runReleaseCommand(engine, step, lineLogger(), new AbortController().signal), (error: unknown) => {
      assert.ok(error instanceof FlowFailedError);
      assert.match(error.message, /^release command "bin\/migrate" from app:v2 on local exited with code 3; last output: "3" \/ "4" \/ "5" \/ "6" \/ "ERROR: relation \\"users\\" exists"$/);
      assert.match(error.hint ?? '', /nothing was started or switched/);
      return true;
    });
  });

  it('names the command and keeps the output when it times out', async () => {
    const engine = engineRunning(['still working\n'], new FlowFailedError('demo_app-release-4 on local did not finish within 2s and was killed'));
    await assert.rejects(runReleaseCommand(engine, step, lineLogger(), new AbortController().signal), (error: unknown) => {
      assert.ok(error instanceof FlowFailedError);
      assert.match(error.message, /release command "bin\/migrate" from app:v2 on local failed: .*did not finish within 2s and was killed; last output: "still working"/);
      assert.match(error.hint ?? '', /--release-command-timeout/);
      return true;
    });
  });

  it('lets engine errors through with their own category', async () => {
    const failure = new EngineError('image app:v2 not found');
    await assert.rejects(runReleaseCommand(engineRunning([], failure), step, lineLogger(), new AbortController().signal), (error: unknown) => error === failure);
  });
});

describe('apply/output-lines', () => {
  it('joins chunks cut anywhere, flushes a last line without newline, keeps the last 5 non-empty lines', () => {
    const lines: string[] = [];
    const output = new OutputLines((line) => lines.push(line));
    output.push('a\r\nb');
    output.push('c\n\n');
    output.push('d\ne\nf\ng');
    output.end();
    assert.deepEqual(lines, ['a', 'bc', '', 'd', 'e', 'f', 'g']);
    assert.deepEqual(output.lines, ['bc', 'd', 'e', 'f', 'g']);
    assert.equal(new OutputLines(() => undefined).summary(), '; no output');
  });

  it('cuts very long lines', () => {
    const output = new OutputLines(() => undefined, 5, 10);
    output.push(`${'x'.repeat(50)}\n`);
    assert.deepEqual(output.lines, [`${'x'.repeat(10)}…`]);
  });
});
