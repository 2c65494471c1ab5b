import { spawn } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

/** The built CLI, from build/test/integration/bad-input. */
export const cliPath = join(__dirname, '..', '..', '..', 'src', 'cli', 'main.js');

export interface CliResult {
  /** Exit status; null when the process was killed (it did not finish in time). */
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs `node build/src/cli/main.js ...args` as a user would, in `cwd` with exactly `env` (nothing
 * inherited), and collects its output. Aborting `signal` kills it.
 */
export async function runCli(args: readonly string[], options: { readonly cwd: string; readonly env: Readonly<Record<string, string>>; readonly signal: AbortSignal }): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cliPath, ...args], { cwd: options.cwd, env: { ...options.env }, stdio: ['ignore', 'pipe', 'pipe'], signal: options.signal, killSignal: 'SIGKILL' });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    child.on('error', (error) => {
      if (!options.signal.aborted) reject(error);
    });
    child.on('close', (code) => resolve({ code, stdout: Buffer.concat(stdout).toString('utf8'), stderr: Buffer.concat(stderr).toString('utf8') }));
  });
}

/** Ids of processes whose command line mentions `text` (e.g. an HAProxy a run left behind in its folder). */
export async function processesMentioning(text: string): Promise<readonly number[]> {
  const pids: number[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    const cmdline = await readFile(join('/proc', entry, 'cmdline'), 'utf8').catch(() => '');
    if (cmdline.replaceAll('\0', ' ').includes(text)) pids.push(Number(entry));
  }
  return pids;
}
