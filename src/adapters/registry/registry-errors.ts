import { type DockerFlowError, InterruptedError, UnreachableError } from '../../errors';
import type { ImageRepository } from '../../domain/image-repository';
import { arrayAt, stringAt } from '../../domain/json-fields';

/** The one place that turns registry answers and network failures into docker-flow errors. */
export function requestFailed(repository: ImageRepository, url: string, error: unknown, signal: AbortSignal): DockerFlowError {
  if (signal.aborted) return new InterruptedError(`listing the tags of ${repository.reference} was interrupted`, { cause: error });
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
  const reason = cause instanceof Error ? `${'code' in cause ? `${String(cause.code)}: ` : ''}${cause.message}` : String(cause);
  const timedOut = cause instanceof Error && (cause.name === 'TimeoutError' || cause.name === 'AbortError');
  return new UnreachableError(`registry ${repository.registry} did not answer ${url}${timedOut ? ' in time' : ''}: ${reason}`, {
    hint: `check that ${repository.apiBase} is up and reachable from this machine (try: curl ${repository.apiBase}/v2/)`,
    cause: error,
  });
}

/** An answer other than 200, with the registry's own error code and message when its body has them. */
export function answerRefused(repository: ImageRepository, url: string, status: number, body: string, credentialsFrom: string | undefined): DockerFlowError {
  const first = arrayAt(parseJson(body), 'errors')[0];
  const code = stringAt(first, 'code');
  const detail = stringAt(first, 'message');
  const seen = `HTTP ${status}${code === undefined ? '' : ` ${code}`}${detail === undefined ? '' : `: ${detail}`}`;
  if (status === 404) {
    return new UnreachableError(`registry ${repository.registry} has no repository ${repository.name} (${url} answered ${seen})`, {
      hint: `check --watch-image / watch_image (${repository.reference}); the repository exists once a first tag was pushed`,
    });
  }
  if (status === 401 || status === 403) {
    const who = credentialsFrom === undefined ? 'without credentials' : `with the credentials of ${credentialsFrom}`;
    return new UnreachableError(`registry ${repository.registry} refused to list the tags of ${repository.name} ${who} (${seen})`, {
      hint: `log in with pull rights: docker login ${repository.registry} (docker-flow reads Docker's config.json, or $DOCKER_CONFIG/config.json)`,
    });
  }
  if (status === 429) {
    return new UnreachableError(`registry ${repository.registry} is rate-limiting tag listings (${seen})`, { hint: 'raise --watch-interval, or log in for a higher limit' });
  }
  return new UnreachableError(`registry ${repository.registry} answered ${url} with ${seen}`, { hint: `see the registry's log; the agent tries again at the next poll` });
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
