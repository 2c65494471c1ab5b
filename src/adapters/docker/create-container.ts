import type { ContainerCreateSpec } from '../../domain/container';
import { EngineError } from '../../errors';
import type { EngineCaller } from './engine-caller';
import { endpointConfig, mapCreateSpec } from './map-create-spec';
import { engineFailureOf } from './translate-error';

/**
 * Creates (does not start) a container and connects the networks after the first, with their
 * aliases. When connecting fails, the half-made container is removed again. Returns its id.
 */
export async function createContainer(caller: EngineCaller, spec: ContainerCreateSpec, signal: AbortSignal): Promise<string> {
  const target = spec.name;
  let id: string;
  try {
    id = await caller.call(
      'create container',
      signal,
      async (docker, callSignal) => (await docker.createContainer({ ...mapCreateSpec(spec), abortSignal: callSignal })).id,
      { target },
    );
  } catch (error) {
    const failure = engineFailureOf(error);
    if (failure?.kind !== 'not-found') throw error;
    throw new EngineError(`cannot create ${target} on ${caller.host.name}: ${failure.message}`, {
      hint: /image/i.test(failure.message)
        ? `pull ${spec.image} on ${caller.host.name} first (or check the image name)`
        : `create the missing network or volume on ${caller.host.name} first`,
      cause: error,
    });
  }
  try {
    for (const network of spec.networks.slice(1)) {
      await caller.call(
        'connect network',
        signal,
        (docker, callSignal) => {
          // @types/dockerode 4 lacks abortSignal here; dockerode 5 honours it (a variable avoids the excess-property check).
          const options = { Container: id, EndpointConfig: endpointConfig(network), abortSignal: callSignal };
          return docker.getNetwork(network.name).connect(options);
        },
        { target: `${target} to ${network.name}` },
      );
    }
  } catch (error) {
    await removeQuietly(caller, id, target);
    throw error;
  }
  return id;
}

/** Best-effort force removal after a failure (its own time budget: the caller's signal may be aborted). */
export async function removeQuietly(caller: EngineCaller, id: string, target: string): Promise<void> {
  const cleanup = AbortSignal.timeout(caller.apiTimeoutMs);
  await caller
    .call('remove container', cleanup, (docker, callSignal) => docker.getContainer(id).remove({ force: true, v: true, abortSignal: callSignal }), {
      target,
      onNotFound: () => undefined,
    })
    .catch(() => undefined);
}
