import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { constants } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from './repo-root';

export interface CliResult {
  /** Exit status; 128 + signal number when the process was killed by a signal. */
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface RunCliOptions {
  readonly cwd: string;
  /** Added to the environment (undefined removes a variable). FLOW, FLOW_* and DOCKER_HOST/_CERT_PATH/_TLS_VERIFY/_CONTEXT
   * of the test runner's own shell are not passed on, so a developer's settings cannot leak into tests. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** 120000 ms unless given; then the CLI is killed and runCli rejects with its output so far. */
  readonly timeoutMs?: number;
  readonly signal?: AbortSignal;
  /** Written to the command's stdin (then closed); without it stdin is not connected. */
  readonly input?: string;
}

const inheritedOut = /^(FLOW|FLOW_.*|DOCKER_HOST|DOCKER_CERT_PATH|DOCKER_TLS_VERIFY|DOCKER_CONTEXT)$/;

/**
 * The tests share one set of demo images (docker-flow-demo:v1, :v2, :flaky, ... built once by the root
 * hooks). A deploy prunes the tags its service released beyond the newest keep_images (5 unless told),
 * so a test that releases more demo tags than that would untag an image the next test runs: children
 * start with retention off, and only the retention tests turn it on (FLOW_KEEP_IMAGES in `extra`, on
 * their own repository). The root hooks' shared-images guard names a test that removes one anyway.
 */
const testDefaults: Readonly<Record<string, string>> = { FLOW_KEEP_IMAGES: '0' };

/**
 * The environment of a docker-flow child process: the test runner's, without the variables that
 * would point it elsewhere, with the test defaults and then `extra` on top (an undefined value removes that variable).
 */
export function childEnvironment(extra: Readonly<Record<string, string | undefined>> = {}): Record<string, string> {
  const env: Record<string, string> = { ...testDefaults };
  for (const [name, value] of Object.entries(process.env)) if (value !== undefined && !inheritedOut.test(name)) env[name] = value;
  for (const [name, value] of Object.entries(extra)) {
    if (value === undefined) delete env[name];
    else env[name] = value;
  }
  return env;
}

/** Consul's own variables, cleared for the tests of docker-flow without Consul (a real agent may be set for the others). */
export const withoutConsul: Readonly<Record<string, undefined>> = { CONSUL_HTTP_ADDR: undefined, CONSUL_HTTP_TOKEN: undefined, CONSUL_HTTP_SSL: undefined };

/** Runs `node <repo>/build/src/cli/main.js ...args` (build first) and collects its output. */
export function runCli(args: readonly string[], options: RunCliOptions): Promise<CliResult> {
  const main = join(repoRoot(), 'build', 'src', 'cli', 'main.js');
  if (!existsSync(main)) return Promise.reject(new Error(`runCli: ${main} does not exist; build first: npx tsc -p tsconfig.json`));
  const env = childEnvironment(options.env);
  const timeoutMs = options.timeoutMs ?? 120_000;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [main, ...args], { cwd: options.cwd, env, stdio: ['pipe', 'pipe', 'pipe'] });
    // without input, stdin is closed at once (the command reads nothing from the test)
    child.stdin.end(options.input ?? '');
    let stdout = '';
    let stderr = '';
    let stopReason: string | undefined;
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const stop = (reason: string): void => {
      stopReason = reason;
      child.kill('SIGKILL');
    };
    const timer = setTimeout(() => stop(`did not finish within ${timeoutMs} ms`), timeoutMs);
    const onAbort = (): void => stop('was aborted');
    options.signal?.addEventListener('abort', onAbort, { once: true });
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(new Error(`runCli: could not start node ${main}: ${error.message}`, { cause: error }));
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      if (stopReason !== undefined) {
        reject(new Error(`docker-flow ${args.join(' ')} (in ${options.cwd}) ${stopReason}\n--- stdout ---\n${stdout}\n--- stderr ---\n${stderr}`));
        return;
      }
      resolve({ code: code ?? 128 + (signal === null ? 0 : constants.signals[signal]), stdout, stderr });
    });
  });
}
