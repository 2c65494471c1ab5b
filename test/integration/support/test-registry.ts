import type Docker from 'dockerode';
import { readFile } from 'node:fs/promises';
import { runScript, runScriptOrThrow } from './run-script';
import { markStarted } from './started-services';
import { localDocker } from './local-docker';

/** The registry of scripts/registry.sh as this machine's engine sees it. */
export const registryAddress = '127.0.0.1:5000';

/** The registry of scripts/registry.sh that wants a login (htpasswd, basic auth). */
export const loginRegistryAddress = '127.0.0.1:5001';

/** The user and password scripts/registry.sh made for the login registry at its first start. */
export async function loginRegistryCredentials(): Promise<{ readonly username: string; readonly password: string }> {
  const line = (await readFile('/tmp/docker-flow-registry/login/credentials', 'utf8')).trim();
  const colon = line.indexOf(':');
  return { username: line.slice(0, colon), password: line.slice(colon + 1) };
}

/**
 * Makes sure both registries run, on :5000 and 127.0.0.1:5001 (idempotent). When they did not
 * both run before, the root afterAll hook stops them again at the end of the run.
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
export async function pushToRegistry(source: string, repository: string, tag: string, docker: Docker = localDocker(), registry = registryAddress): Promise<string> {
  const target = `${registry}/${repository}`;
  await docker.getImage(source).tag({ repo: target, tag });
  // The Engine API wants an X-Registry-Auth header even for a registry without auth.
  const login = registry === loginRegistryAddress ? await loginRegistryCredentials() : {};
  const stream = await docker.getImage(`${target}:${tag}`).push({ authconfig: { serveraddress: registry, ...login } });
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
