import { spawn } from 'node:child_process';
import type { ChildProcessByStdio } from 'node:child_process';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { repoRoot } from '../support/repo-root';
import { childEnvironment } from '../support/run-cli';

/** A long-lived `docker-flow` command (registrator, proxy watch) running beside the test. */
export class CliProcess {
  private readonly child: ChildProcessByStdio<null, Readable, Readable>;
  private output = '';
  private readonly listeners = new Set<() => void>();
  readonly exited: Promise<number>;

  constructor(args: readonly string[], options: { readonly cwd: string; readonly env?: Readonly<Record<string, string | undefined>> }) {
    const env = childEnvironment(options.env);
    this.child = spawn(process.execPath, [join(repoRoot(), 'build', 'src', 'cli', 'main.js'), ...args], { cwd: options.cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const collect = (chunk: string): void => {
      this.output += chunk;
      for (const listener of [...this.listeners]) listener();
    };
    this.child.stdout.setEncoding('utf8').on('data', collect);
    this.child.stderr.setEncoding('utf8').on('data', collect);
    this.exited = new Promise((resolve) => this.child.on('close', (code, signal) => resolve(code ?? (signal === null ? -1 : 128 + 15))));
  }

  /** stdout and stderr so far. */
  get log(): string {
    return this.output;
  }

  /** Waits until the output matches `pattern` (or the process exits, or `timeoutMs` passes). */
  async waitForOutput(pattern: RegExp, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let gone = false;
    void this.exited.then(() => (gone = true));
    while (!pattern.test(this.output)) {
      const left = deadline - Date.now();
      if (gone || left <= 0) throw new Error(`docker-flow ${gone ? 'exited' : `did not print ${pattern} within ${timeoutMs} ms`}; its output:\n${this.output}`);
      await new Promise<void>((resolve) => {
        const done = (): void => {
          clearTimeout(timer);
          this.listeners.delete(done);
          resolve();
        };
        const timer = setTimeout(done, Math.min(left, 250));
        this.listeners.add(done);
      });
    }
  }

  /** SIGTERM, then the exit status (SIGKILL after `graceMs`). */
  async stop(graceMs = 15_000): Promise<number> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return this.exited;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
    try {
      return await this.exited;
    } finally {
      clearTimeout(timer);
    }
  }
}
