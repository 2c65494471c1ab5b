import type { Readable } from 'node:stream';
import { type DockerFlowError, EngineError, InterruptedError, UnreachableError } from '../../errors';
import type { Logger } from '../../logger';
import type { EngineCaller } from './engine-caller';
import { isRecord, recordAt, stringAt } from '../../domain/json-fields';
import { credentialsFor } from './credential-helper';
import { readDockerConfig, registryOfImage, withDefaultTag } from './registry-auth';
import { toReadable } from './stream-until-end';
import { engineFailureOf, engineOn, formatMs } from './translate-error';

/**
 * Pulls `ref` through the Engine API with credentials from Docker's config.json for the image's
 * registry (its credential helper, credsStore or auths entry), following the progress stream (debug log) until the engine reports the end or an
 * error. No progress for the API timeout counts as an unresponsive engine.
 */
export async function pullImage(caller: EngineCaller, ref: string, logger: Logger, signal: AbortSignal): Promise<void> {
  const registry = registryOfImage(ref);
  const auth = await credentialsFor(await readDockerConfig(process.env, logger, signal), registry, { logger, signal });
  if (auth !== undefined) logger.debug('docker pull with credentials from config.json', { image: ref, registry, username: auth.identitytoken === undefined ? auth.username : '<identity token>' });
  const what = { caller, ref, registry };
  let stream: Readable;
  try {
    stream = await caller.call(
      'pull image',
      signal,
      async (docker, callSignal) =>
        toReadable(await docker.pull(withDefaultTag(ref), { abortSignal: callSignal, ...(auth === undefined ? {} : { authconfig: auth }) })),
      { target: ref },
    );
  } catch (error) {
    const failure = engineFailureOf(error);
    if (failure === undefined || !('message' in failure) || failure.kind === 'network' || failure.kind === 'tls') throw error;
    throw pullFailed(what, failure.message, error);
  }
  await followPull(stream, what, logger, signal);
  logger.debug('docker pull image done', { image: ref, registry });
}

interface PullTarget {
  readonly caller: EngineCaller;
  readonly ref: string;
  readonly registry: string;
}

function followPull(stream: Readable, what: PullTarget, logger: Logger, signal: AbortSignal): Promise<void> {
  const { caller, ref } = what;
  return new Promise<void>((resolve, reject) => {
    let reportedError: string | undefined;
    let cancelIdle = (): void => undefined;
    const stop = (error?: DockerFlowError): void => {
      cancelIdle();
      signal.removeEventListener('abort', onAbort);
      stream.destroy();
      if (error === undefined) resolve();
      else reject(error);
    };
    const armIdle = (): void => {
      cancelIdle();
      cancelIdle = caller.schedule(() => stop(new UnreachableError(
        `${engineOn(caller.host)} reported no progress pulling ${ref} from ${what.registry} for ${formatMs(caller.apiTimeoutMs)}`,
        { hint: `check that ${what.registry} is reachable from ${caller.host.name}, or raise --engine-timeout` },
      )), caller.apiTimeoutMs);
    };
    const onAbort = (): void => stop(new InterruptedError(`pulling ${ref} on ${caller.host.name} was interrupted`, {
      hint: 'the engine may finish the download by itself; run the command again',
    }));
    signal.addEventListener('abort', onAbort, { once: true });
    armIdle();
    let buffered = '';
    stream.on('data', (chunk: Buffer) => {
      armIdle();
      buffered += chunk.toString('utf8');
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines.filter((text) => text.trim() !== '')) {
        const progress = parseLine(line);
        const error = stringAt(progress, 'error') ?? stringAt(recordAt(progress, 'errorDetail'), 'message');
        if (error !== undefined) reportedError = error;
        else logger.debug('docker pull progress', { image: ref, status: stringAt(progress, 'status'), layer: stringAt(progress, 'id') });
      }
    });
    stream.once('error', (error) => stop(signal.aborted ? undefined : pullFailed(what, error.message, error)));
    stream.once('end', () => stop(reportedError === undefined ? undefined : pullFailed(what, reportedError, undefined)));
    stream.once('close', () => stop(reportedError === undefined ? undefined : pullFailed(what, reportedError, undefined)));
  });
}

function parseLine(line: string): Readonly<Record<string, unknown>> {
  try {
    const parsed: unknown = JSON.parse(line);
    return isRecord(parsed) ? parsed : {};
  } catch {
    return { status: line };
  }
}

/** A pull error names the image and the registry, and says what to check. */
function pullFailed(what: PullTarget, message: string, cause: unknown): DockerFlowError {
  const { caller, ref, registry } = what;
  const options = (hint: string): { hint: string; cause?: unknown } => (cause === undefined ? { hint } : { hint, cause });
  if (/dial tcp|connection refused|no such host|i\/o timeout|handshake timeout|HTTP response to HTTPS client|network is unreachable/i.test(message)) {
    return new UnreachableError(`registry ${registry} could not be reached from ${caller.host.name} to pull ${ref}: ${message}`,
      options(`check that ${registry} is up and reachable from ${caller.host.name}; a plain-HTTP registry must be in dockerd's --insecure-registry list`));
  }
  if (/unauthorized|denied|authentication required|no basic auth/i.test(message)) {
    return new EngineError(`registry ${registry} refused to give ${ref} to ${caller.host.name}: ${message}`,
      options(`log in (docker login ${registry}) so Docker's config.json holds credentials for ${registry}, or check the image name`));
  }
  return new EngineError(`pulling ${ref} from ${registry} on ${caller.host.name} failed: ${message}`,
    options(/not found|manifest unknown/i.test(message) ? `check that the tag exists in ${registry}` : `see the engine's log on ${caller.host.name}`));
}
