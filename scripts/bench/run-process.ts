import { spawn } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { FlowFailedError } from '../../src/errors';

export interface ProcessResult {
  /** Exit status; -1 when a signal killed the process. */
  readonly exitCode: number;
  readonly durationMs: number;
  readonly output: string;
}

export interface RunProcessOptions {
  readonly cwd?: string;
  readonly env?: NodeJS.ProcessEnv;
  readonly signal: AbortSignal;
  /** Each line of stdout and stderr as it arrives, with performance.now() at arrival. */
  readonly onLine?: (line: string, atMs: number) => void;
  /** Keep the output (stdout then stderr lines interleaved as they came); default true. */
  readonly keepOutput?: boolean;
}

/** Runs a command to its end, timing it from spawn to exit. The signal kills it (SIGTERM). */
export function runProcess(command: string, args: readonly string[], options: RunProcessOptions): Promise<ProcessResult> {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const lines: string[] = [];
    const child = spawn(command, args, {
      ...(options.cwd === undefined ? {} : { cwd: options.cwd }),
      env: options.env ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      signal: options.signal,
      killSignal: 'SIGTERM',
    });
    const onLine = (line: string): void => {
      const at = performance.now();
      if (options.keepOutput !== false) lines.push(line);
      options.onLine?.(line, at);
    };
    createInterface({ input: child.stdout }).on('line', onLine);
    createInterface({ input: child.stderr }).on('line', onLine);
    child.on('error', (error) => {
      if (error.name === 'AbortError') return;
      reject(new FlowFailedError(`${command} ${args.join(' ')} could not start: ${error.message}`, { hint: `check that ${command} is installed and on PATH`, cause: error }));
    });
    child.on('close', (code) => resolve({ exitCode: code ?? -1, durationMs: performance.now() - start, output: lines.join('\n') }));
  });
}
