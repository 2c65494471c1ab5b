import { spawn } from 'node:child_process';
import { constants } from 'node:os';
import { join } from 'node:path';
import { childEnvironment, type CliResult } from '../support/run-cli';
import { repoRoot } from '../support/repo-root';

/** A `docker-flow` command running beside the test, its stderr streamed, to be signalled mid-flight. */
export interface SpawnedCli {
  readonly pid: number;
  /** stderr so far (the timeline). */
  readonly stderr: string;
  /** Resolves with the first line of stderr matching `pattern`; rejects if the command ends first or `timeoutMs` passes. */
  waitForLine(pattern: RegExp, timeoutMs: number): Promise<string>;
  /** Sends a signal (SIGKILL, SIGINT, ...) to the command. */
  signal(name: NodeJS.Signals): void;
  /** The exit status (128 + signal number when a signal ended it) and the whole output. */
  readonly exited: Promise<CliResult>;
}

export interface SpawnCliOptions {
  readonly cwd: string;
  readonly env?: Readonly<Record<string, string>>;
  /** The command is killed after this long, so a hung command cannot hang the test (240 s unless given). */
  readonly limitMs?: number;
}

/** Starts `node build/src/cli/main.js ...args` (build first). */
export function spawnCli(args: readonly string[], options: SpawnCliOptions): SpawnedCli {
  const env = childEnvironment(options.env);
  const child = spawn(process.execPath, [join(repoRoot(), 'build', 'src', 'cli', 'main.js'), ...args], { cwd: options.cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  const listeners = new Set<() => void>();
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
    for (const listener of [...listeners]) listener();
  });
  const limit = setTimeout(() => child.kill('SIGKILL'), options.limitMs ?? 240_000);
  let ended = false;
  const exited = new Promise<CliResult>((resolve, reject) => {
    child.on('error', (error) => reject(new Error(`could not start docker-flow ${args.join(' ')}: ${error.message}`, { cause: error })));
    child.on('close', (code, signal) => {
      clearTimeout(limit);
      ended = true;
      for (const listener of [...listeners]) listener();
      resolve({ code: code ?? 128 + (signal === null ? 0 : constants.signals[signal]), stdout, stderr });
    });
  });
  const firstMatch = (pattern: RegExp): string | undefined => stderr.split('\n').find((line) => pattern.test(line));
  return {
    pid: child.pid ?? -1,
    get stderr() {
      return stderr;
    },
    exited,
    signal: (name) => void child.kill(name),
    waitForLine(pattern, timeoutMs) {
      return new Promise<string>((resolve, reject) => {
        const check = (): void => {
          const line = firstMatch(pattern);
          if (line === undefined && !ended) return;
          done();
          if (line !== undefined) resolve(line);
          else reject(new Error(`docker-flow ended before printing ${pattern}; its output:\n${stderr}`));
        };
        const timer = setTimeout(() => {
          done();
          reject(new Error(`docker-flow did not print ${pattern} within ${timeoutMs} ms; its output so far:\n${stderr}`));
        }, timeoutMs);
        const done = (): void => {
          clearTimeout(timer);
          listeners.delete(check);
        };
        listeners.add(check);
        check();
      });
    },
  };
}
