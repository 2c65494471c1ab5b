import { execFile } from 'node:child_process';
import type { Logger } from '../../logger';
import { authFor, dockerHub, type RegistryAuth } from './registry-auth';
import { recordAt, stringAt } from '../../domain/json-fields';
import { messageOf } from '../../errors';

/** Runs `docker-credential-<helper> get` for one server URL: its answer, or undefined when it has none. */
export type HelperRunner = (helper: string, serverUrl: string, signal: AbortSignal) => Promise<{ readonly Username: string; readonly Secret: string } | undefined>;

/**
 * Credentials for `registry` as the Docker CLI finds them in a parsed config.json: the registry's
 * entry in `credHelpers`, else the `credsStore`, each asked through its `docker-credential-<name>`
 * program (Docker's credential-helper protocol); then the `auths` entry. A helper that is missing,
 * fails, or knows nothing of the registry is logged and the next source is tried.
 */
export async function credentialsFor(
  dockerConfig: unknown,
  registry: string,
  input: { readonly logger: Logger; readonly signal: AbortSignal; readonly run?: HelperRunner },
): Promise<RegistryAuth | undefined> {
  const serverUrl = registry === dockerHub ? 'https://index.docker.io/v1/' : registry;
  const helpers = [stringAt(recordAt(dockerConfig, 'credHelpers'), registry), stringAt(dockerConfig, 'credsStore')];
  for (const helper of helpers) {
    if (helper === undefined || helper === '') continue;
    try {
      const answer = await (input.run ?? runCredentialHelper)(helper, serverUrl, input.signal);
      if (answer === undefined) {
        input.logger.debug(`docker-credential-${helper} has no credentials for ${serverUrl}`, { registry });
        continue;
      }
      // "<token>": an identity token (OAuth refresh token), which the engine takes as such
      if (answer.Username === '<token>') return { username: '', password: '', identitytoken: answer.Secret, serveraddress: serverUrl };
      return { username: answer.Username, password: answer.Secret, serveraddress: serverUrl };
    } catch (error) {
      if (input.signal.aborted) throw error;
      input.logger.warn(`docker-credential-${helper} (named in Docker's config.json) failed for ${serverUrl}; trying the next source of credentials`, {
        registry,
        error: messageOf(error),
      });
    }
  }
  return authFor(dockerConfig, registry);
}

const helperTimeoutMs = 30_000;

/** The credential-helper protocol: the server URL on stdin, `{ServerURL, Username, Secret}` on stdout. */
export const runCredentialHelper: HelperRunner = async (helper, serverUrl, signal) => {
  if (!/^[A-Za-z0-9._-]+$/.test(helper)) throw new Error(`"${helper}" is not a credential helper name`);
  const program = `docker-credential-${helper}`;
  const { stdout, stderr, code } = await new Promise<{ stdout: string; stderr: string; code: number | undefined }>((resolve, reject) => {
    const child = execFile(program, ['get'], { signal, timeout: helperTimeoutMs, maxBuffer: 1024 * 1024 }, (error, out, err) => {
      if (error !== null && typeof error.code !== 'number') {
        reject(error.code === 'ENOENT' ? new Error(`${program} is not on PATH`) : error);
        return;
      }
      resolve({ stdout: out, stderr: err, code: error === null ? 0 : Number(error.code) });
    });
    child.stdin?.end(serverUrl);
  });
  // helpers answer "credentials not found in native keychain" with a non-zero status
  if (code !== 0) {
    if (/credentials not found/i.test(`${stdout}${stderr}`)) return undefined;
    throw new Error(`${program} get exited with status ${code}: ${`${stderr}${stdout}`.trim().slice(0, 200)}`);
  }
  const answer: unknown = JSON.parse(stdout);
  const username = stringAt(answer, 'Username');
  const secret = stringAt(answer, 'Secret');
  if (username === undefined || secret === undefined || secret === '') return undefined;
  return { Username: username, Secret: secret };
};
