import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot } from './repo-root';

export interface ScriptResult {
  readonly code: number;
  /** stdout and stderr interleaved as the script wrote them. */
  readonly output: string;
}

/** Runs `bash <repo>/scripts/<script> ...args` and resolves with its exit code and output. */
export function runScript(script: string, args: readonly string[], options: { readonly timeoutMs: number }): Promise<ScriptResult> {
  const path = join(repoRoot(), 'scripts', script);
  return new Promise((resolve, reject) => {
    const child = spawn('bash', [path, ...args], { cwd: repoRoot(), stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    let timedOut = false;
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGTERM');
    }, options.timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(new Error(`could not run bash ${path}: ${error.message}`, { cause: error }));
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      if (timedOut) reject(new Error(`scripts/${script} ${args.join(' ')} did not finish within ${options.timeoutMs} ms\n${output}`));
      else resolve({ code: code ?? 1, output });
    });
  });
}

/** Like runScript, but rejects when the script exits non-zero, with the end of its output. */
export async function runScriptOrThrow(script: string, args: readonly string[], options: { readonly timeoutMs: number }): Promise<string> {
  const result = await runScript(script, args, options);
  if (result.code !== 0) {
    const tail = result.output.trimEnd().split('\n').slice(-30).join('\n');
    throw new Error(`scripts/${script} ${args.join(' ')} exited with status ${result.code}:\n${tail}`);
  }
  return result.output;
}
