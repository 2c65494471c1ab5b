import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { checkHostKey, keyFingerprint, knownHostName, type HostKeyVerdict } from './known-hosts';

/** Why the last connection to host:port was refused, for the error message (ssh2 only says "Host denied"). */
const rejections = new Map<string, HostKeyRejection>();

export interface HostKeyRejection {
  readonly verdict: Exclude<HostKeyVerdict, { kind: 'known' }>;
  readonly fingerprint: string;
  readonly files: readonly string[];
}

/** The files `ssh` reads: the user's known_hosts, then the system-wide one. */
export function knownHostsFiles(): readonly string[] {
  return [join(homedir(), '.ssh', 'known_hosts'), '/etc/ssh/ssh_known_hosts'];
}

/**
 * An ssh2 `hostVerifier` that accepts the server only when known_hosts lists its key for
 * host:port, like `ssh` with StrictHostKeyChecking=yes: an unknown host, a changed key or a revoked
 * one is refused, and the reason kept for hostKeyRejection.
 */
export async function hostKeyVerifier(hostname: string, port: number, signal: AbortSignal): Promise<(key: Buffer) => boolean> {
  const files = knownHostsFiles();
  const texts = await Promise.all(
    files.map(async (file) =>
      readFile(file, { encoding: 'utf8', signal }).catch((error: unknown) => {
        if (signal.aborted) throw error;
        return '';
      }),
    ),
  );
  const text = texts.join('\n');
  return (key: Buffer): boolean => {
    const verdict = checkHostKey(text, hostname, port, key);
    if (verdict.kind === 'known') {
      rejections.delete(knownHostName(hostname, port));
      return true;
    }
    rejections.set(knownHostName(hostname, port), { verdict, fingerprint: keyFingerprint(key), files });
    return false;
  };
}

export function hostKeyRejection(hostname: string, port: number): HostKeyRejection | undefined {
  return rejections.get(knownHostName(hostname, port));
}
