import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { Logger } from '../../logger';
import { recordAt, stringAt } from '../../domain/json-fields';

export interface RegistryAuth {
  readonly username: string;
  readonly password: string;
  /** From a credential helper that answers with an identity token (user "<token>"). */
  readonly identitytoken?: string;
  readonly serveraddress: string;
}

export const dockerHub = 'docker.io';
const dockerHubKeys = ['https://index.docker.io/v1/', 'index.docker.io', 'docker.io', 'registry-1.docker.io'];

/** The registry an image reference pulls from: `127.0.0.1:5000/app:v1` → `127.0.0.1:5000`, `nginx` → `docker.io`. */
export function registryOfImage(ref: string): string {
  const slash = ref.indexOf('/');
  if (slash < 0) return dockerHub;
  const first = ref.slice(0, slash);
  return first.includes('.') || first.includes(':') || first === 'localhost' ? first : dockerHub;
}

/** Adds `:latest` when the reference names neither a tag nor a digest (a bare name would pull every tag). */
export function withDefaultTag(ref: string): string {
  if (ref.includes('@')) return ref;
  const lastPart = ref.slice(ref.lastIndexOf('/') + 1);
  return lastPart.includes(':') ? ref : `${ref}:latest`;
}

/**
 * Credentials for `registry` from a parsed Docker config.json: `auths[<registry>].auth` is
 * base64 of `user:password`; keys may carry a scheme and a path (`https://host/v1/`).
 */
export function authFor(dockerConfig: unknown, registry: string): RegistryAuth | undefined {
  const auths = recordAt(dockerConfig, 'auths');
  const wanted = registry === dockerHub ? dockerHubKeys.map(normaliseKey) : [normaliseKey(registry)];
  for (const [key, entry] of Object.entries(auths)) {
    if (!wanted.includes(normaliseKey(key))) continue;
    const encoded = stringAt(entry, 'auth');
    const decoded = encoded === undefined ? undefined : Buffer.from(encoded, 'base64').toString('utf8');
    const colon = decoded?.indexOf(':') ?? -1;
    if (decoded !== undefined && colon > 0) {
      return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1), serveraddress: key };
    }
    const username = stringAt(entry, 'username');
    const password = stringAt(entry, 'password');
    if (username !== undefined && password !== undefined) return { username, password, serveraddress: key };
  }
  return undefined;
}

function normaliseKey(key: string): string {
  return key.replace(/^[a-z]+:\/\//i, '').replace(/\/.*$/, '').toLowerCase();
}

/** `$DOCKER_CONFIG/config.json` or `~/.docker/config.json`; undefined when absent or unreadable (warned). */
export async function readDockerConfig(env: NodeJS.ProcessEnv, logger: Logger, signal: AbortSignal): Promise<unknown> {
  const dir = env['DOCKER_CONFIG'] ?? join(homedir(), '.docker');
  const path = join(dir, 'config.json');
  let text: string;
  try {
    text = await readFile(path, { encoding: 'utf8', signal });
  } catch (error) {
    if (signal.aborted) throw error;
    logger.debug('no Docker config.json: pulling without credentials', { path });
    return undefined;
  }
  try {
    const parsed: unknown = JSON.parse(text);
    return parsed;
  } catch (error) {
    logger.warn(`${path} is not valid JSON; pulling without credentials`, { path, error: String(error) });
    return undefined;
  }
}
