import type Docker from 'dockerode';
import { runScript, runScriptOrThrow } from './run-script';
import { markStarted } from './started-services';
import { localDocker } from './local-docker';

/** The registry of scripts/registry.sh as this machine's engine sees it. */
export const registryAddress = '127.0.0.1:5000';

/**
 * Makes sure the registry runs on :5000 (idempotent). When it did not run before, the root
 * afterAll hook stops it again at the end of the run.
 */
export async function ensureRegistry(): Promise<void> {
  const before = await runScript('registry.sh', ['status'], { timeoutMs: 30_000 });
  if (before.code === 3) markStarted('registry');
  await runScriptOrThrow('registry.sh', ['up'], { timeoutMs: 60_000 });
}

/**
 * Tags a local image as `127.0.0.1:5000/<repository>:<tag>` and pushes it. Simulated hosts pull it
 * as `10.77.0.1:5000/<repository>:<tag>`. Use a repository name unique to your test.
 */
export async function pushToRegistry(source: string, repository: string, tag: string, docker: Docker = localDocker()): Promise<string> {
  const target = `${registryAddress}/${repository}`;
  await docker.getImage(source).tag({ repo: target, tag });
  // The Engine API wants an X-Registry-Auth header even for a registry without auth.
  const stream = await docker.getImage(`${target}:${tag}`).push({ authconfig: { serveraddress: registryAddress } });
  await readProgress(stream, `push of ${target}:${tag}`);
  return `${target}:${tag}`;
}

/** Reads a pull/push progress stream to its end; rejects on an `error` line in it. */
export async function readProgress(stream: NodeJS.ReadableStream, what: string): Promise<void> {
  let text = '';
  for await (const chunk of stream) text += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    const event: unknown = JSON.parse(line);
    if (typeof event === 'object' && event !== null && 'error' in event) {
      throw new Error(`${what} failed: ${String(event.error)}`);
    }
  }
}
