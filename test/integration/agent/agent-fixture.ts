import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { httpGet } from '../support/http-get';
import { localDocker } from '../support/local-docker';
import { repoRoot } from '../support/repo-root';
import { childEnvironment } from '../support/run-cli';
import { pushToRegistry, registryAddress } from '../support/test-registry';
import { singleAppCompose, type FlowFixture } from '../flows/flow-fixture';
import { messageOf } from '../../../src/errors';

/** A compose project whose target the agent deploys (no side target, quick stop). */
export const agentCompose = singleAppCompose;

/** A long-lived `docker-flow agent` process of a fixture, stopped by SIGTERM. */
export interface RunningAgent {
  /** What it wrote to stderr so far (its log). */
  log(): string;
  /** Sends SIGTERM and resolves with the exit status once it ended (SIGKILL after `timeoutMs`). */
  stop(timeoutMs: number): Promise<{ readonly code: number | null; readonly signal: string | null; readonly log: string; readonly stdout: string }>;
}

/** Starts `docker-flow -p <project> ...args agent` in the fixture's folder, with its state folder (as `fixture.cli` does). */
export function startAgent(fixture: FlowFixture, args: readonly string[]): RunningAgent {
  const env = childEnvironment({ FLOW_STATE_DIR: fixture.stateDir, FLOW_SETTLE: '1' });
  const main = join(repoRoot(), 'build', 'src', 'cli', 'main.js');
  const child = spawn(process.execPath, [main, '-p', fixture.project, ...args, 'agent'], { cwd: fixture.dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  let stdout = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) => child.on('close', (code, signal) => resolve({ code, signal })));
  return {
    log: () => stderr,
    async stop(timeoutMs) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
      const end = await exited;
      clearTimeout(timer);
      return { ...end, log: stderr, stdout };
    },
  };
}

/** Tags pushed to the test registry by one test, removed again (registry manifests and local tags) by `cleanup`. */
export class PushedTags {
  private readonly refs: string[] = [];

  constructor(readonly repository: string) {}

  /** `127.0.0.1:5000/<repository>`, as watch_image names it. */
  get reference(): string {
    return `${registryAddress}/${this.repository}`;
  }

  async push(source: string, tag: string): Promise<void> {
    this.refs.push(await pushToRegistry(source, this.repository, tag));
  }

  async cleanup(): Promise<void> {
    const docker = localDocker();
    for (const ref of this.refs) {
      const tag = ref.slice(ref.lastIndexOf(':') + 1);
      const manifest = `http://${registryAddress}/v2/${this.repository}/manifests/${tag}`;
      const head = await fetch(manifest, { method: 'HEAD', headers: { accept: 'application/vnd.docker.distribution.manifest.v2+json' } }).catch(() => undefined);
      const digest = head?.headers.get('docker-content-digest');
      if (digest !== null && digest !== undefined) {
        await fetch(`http://${registryAddress}/v2/${this.repository}/manifests/${digest}`, { method: 'DELETE' }).catch(() => undefined);
      }
      await docker.getImage(ref).remove({ noprune: true }).catch(() => undefined);
    }
  }
}

/** The body of a GET through the proxy, or the error text. */
export async function answer(url: string): Promise<string> {
  try {
    return (await httpGet(url, { timeoutMs: 5000 })).body;
  } catch (error) {
    return messageOf(error);
  }
}
