import { spawn } from 'node:child_process';
import { FlowFailedError, InterruptedError } from '../../errors';

export interface ShellCommand {
  /** A shell command line, run with `sh -c`. */
  readonly command: string;
  readonly cwd: string;
  /** The whole environment of the command. */
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly timeoutMs: number;
  /** Output as it arrives, per stream (chunks are cut anywhere). */
  readonly onOutput: (chunk: string, stream: 'stdout' | 'stderr') => void;
  /** Between SIGTERM and SIGKILL when the command is stopped. */
  readonly killGraceMs?: number;
}

export interface ShellResult {
  /** The exit status; undefined when a signal ended the command. */
  readonly exitCode: number | undefined;
  readonly signal?: string;
  /** The command ran past its timeout and was stopped. */
  readonly timedOut: boolean;
}

/**
 * Runs one command with `sh -c` on this machine, in its own process group so that stopping it
 * (timeout, or Ctrl-C via `signal`) also stops what it started: SIGTERM, then SIGKILL after the
 * grace period. Resolves when the command and its output streams are closed. Interrupted: an
 * InterruptedError after the command was stopped. Not startable (no such folder): FlowFailedError.
 */
export function runShell(run: ShellCommand, signal: AbortSignal): Promise<ShellResult> {
  if (signal.aborted) return Promise.reject(new InterruptedError(`interrupted before ${JSON.stringify(run.command)} started`));
  return new Promise<ShellResult>((resolve, reject) => {
    const child = spawn('sh', ['-c', run.command], { cwd: run.cwd, env: { ...run.env }, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let timedOut = false;
    let killTimer: NodeJS.Timeout | undefined;
    const stop = (): void => {
      if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
      signalGroup(child.pid, 'SIGTERM');
      killTimer ??= setTimeout(() => child.pid !== undefined && signalGroup(child.pid, 'SIGKILL'), run.killGraceMs ?? 5000);
    };
    const timer = setTimeout(() => {
      timedOut = true;
      stop();
    }, run.timeoutMs);
    const onAbort = (): void => stop();
    signal.addEventListener('abort', onAbort, { once: true });
    let settled = false;
    const done = (): void => {
      settled = true;
      clearTimeout(timer);
      if (killTimer !== undefined) clearTimeout(killTimer);
      signal.removeEventListener('abort', onAbort);
    };
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => run.onOutput(chunk, 'stdout'));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => run.onOutput(chunk, 'stderr'));
    child.on('error', (error) => {
      if (settled) return;
      done();
      reject(new FlowFailedError(`could not run sh -c ${JSON.stringify(run.command)} in ${run.cwd}: ${error.message}`, {
        hint: 'check that the folder exists and that sh is installed on this machine',
        cause: error,
      }));
    });
    const finish = (code: number | null, signalName: NodeJS.Signals | null): void => {
      if (settled) return;
      done();
      if (signal.aborted && !timedOut) {
        reject(new InterruptedError(`interrupted: sh -c ${JSON.stringify(run.command)} was stopped`));
        return;
      }
      resolve({ exitCode: code ?? undefined, ...(signalName === null ? {} : { signal: signalName }), timedOut });
    };
    child.on('close', finish);
    // A background process the command left behind may hold the output open: stop waiting for it.
    child.on('exit', (code, signalName) => {
      setTimeout(() => {
        child.stdout.destroy();
        child.stderr.destroy();
        finish(code, signalName);
      }, 1000).unref();
    });
  });
}

/** Signals the whole process group; a group that is already gone is fine. */
function signalGroup(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(-pid, name);
  } catch {
    // already exited
  }
}
