import { spawn } from 'node:child_process';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';

/** The compiled `build/` folder, for `require` in child programs. */
export const buildRoot = resolve(__dirname, '../../../..');

export function buildModule(relativePath: string): string {
  return JSON.stringify(resolve(buildRoot, relativePath));
}

/** A separate `node -e <program> <args>` process whose stdout lines the test can wait for. */
export class NodeProgram {
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly lines: string[] = [];
  private readonly waiters = new Set<() => void>();
  private stderr = '';
  readonly exited: Promise<number | null>;

  constructor(program: string, args: readonly string[], env: Readonly<Record<string, string>> = {}) {
    this.child = spawn(process.execPath, ['-e', program, ...args], { env: { ...process.env, ...env }, stdio: 'pipe' });
    createInterface({ input: this.child.stdout }).on('line', (line) => {
      this.lines.push(line);
      for (const wake of [...this.waiters]) wake();
    });
    this.child.stderr.on('data', (chunk: Buffer) => {
      this.stderr += chunk.toString('utf8');
    });
    this.exited = new Promise((done) => this.child.on('exit', (code) => {
      for (const wake of [...this.waiters]) wake();
      done(code);
    }));
  }

  get pid(): number {
    return this.child.pid ?? 0;
  }

  /** The first stdout line starting with `prefix`, waiting up to `timeoutMs`. */
  async waitForLine(prefix: string, timeoutMs: number): Promise<string> {
    const deadlineMs = Date.now() + timeoutMs;
    for (;;) {
      const line = this.lines.find((candidate) => candidate.startsWith(prefix));
      if (line !== undefined) return line;
      if (this.child.exitCode !== null || this.child.signalCode !== null) {
        throw new Error(`node program exited (${this.child.exitCode ?? this.child.signalCode}) before printing "${prefix}"; stderr: ${this.stderr}`);
      }
      const leftMs = deadlineMs - Date.now();
      if (leftMs <= 0) throw new Error(`node program printed no line starting with "${prefix}" within ${timeoutMs} ms; stderr: ${this.stderr}`);
      await new Promise<void>((wake) => {
        const timer = setTimeout(done, leftMs);
        function done(): void {
          clearTimeout(timer);
          waiters.delete(done);
          wake();
        }
        const waiters = this.waiters;
        waiters.add(done);
      });
    }
  }

  send(line: string): void {
    this.child.stdin.write(`${line}\n`);
  }

  /** Kills the process without giving it any chance to clean up, and waits until it is gone. */
  async crash(): Promise<void> {
    this.child.kill('SIGKILL');
    await this.exited;
  }
}
