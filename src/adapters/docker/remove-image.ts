import { EngineError } from '../../errors';
import type { EngineCaller } from './engine-caller';
import { inspectContainer } from './list-containers';
import { engineFailureOf } from './translate-error';

/**
 * Removes an image (not forced: an image a container still uses stays). "In use" becomes an
 * EngineError that names the container, with its name when the engine still knows it.
 */
export async function removeImage(caller: EngineCaller, idOrRef: string, signal: AbortSignal): Promise<void> {
  try {
    await caller.call('remove image', signal, (docker, callSignal) => docker.getImage(idOrRef).remove({ abortSignal: callSignal }), {
      target: idOrRef,
    });
  } catch (error) {
    const failure = engineFailureOf(error);
    if (failure?.kind !== 'conflict') throw error;
    const containerId = /container ([0-9a-f]{12,64})/i.exec(failure.message)?.[1];
    const container = containerId === undefined ? undefined : await inspectContainer(caller, containerId, signal).catch(() => undefined);
    const user = container === undefined ? (containerId ?? 'a container') : `${container.name} (${container.id.slice(0, 12)}, ${container.state})`;
    throw new EngineError(`image ${idOrRef} on ${caller.host.name} is in use by container ${user}: ${failure.message}`, {
      hint: `remove ${container?.name ?? containerId ?? 'that container'} first (docker rm), or keep the image`,
      cause: error,
    });
  }
}
