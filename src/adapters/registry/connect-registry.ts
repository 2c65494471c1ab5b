import { parseImageRepository } from '../../domain/image-repository';
import { ConfigError } from '../../errors';
import type { Logger } from '../../logger';
import { credentialsFor } from '../docker/credential-helper';
import { readDockerConfig } from '../docker/registry-auth';
import { RegistryClient } from './registry-client';

/**
 * A client for the repository `watch_image` names, with the credentials Docker's config.json gives
 * for its registry (credential helper, credsStore or `auths[<registry>].auth`), read once at start.
 */
export async function connectRegistry(
  watchImage: string,
  input: { readonly key: string; readonly env: NodeJS.ProcessEnv; readonly logger: Logger; readonly signal: AbortSignal },
): Promise<RegistryClient> {
  const parsed = parseImageRepository(watchImage);
  if (!parsed.ok) throw new ConfigError(input.key, `"${watchImage}": ${parsed.problem}`, { hint: 'e.g. --watch-image 127.0.0.1:5000/app or https://registry.example.com/team/app' });
  const repository = parsed.repository;
  const found = await credentialsFor(await readDockerConfig(input.env, input.logger, input.signal), repository.registry, input);
  if (found?.identitytoken !== undefined) {
    input.logger.warn(`the credential helper answers ${repository.registry} with an identity token, which tag listing does not use; listing without credentials`, { registry: repository.registry });
  }
  const credentials = found?.identitytoken === undefined ? found : undefined;
  input.logger.debug(credentials === undefined ? 'registry: no credentials in config.json' : 'registry: credentials from config.json', {
    registry: repository.registry,
    ...(credentials === undefined ? {} : { username: credentials.username }),
  });
  return new RegistryClient({ repository, logger: input.logger, ...(credentials === undefined ? {} : { credentials }) });
}
