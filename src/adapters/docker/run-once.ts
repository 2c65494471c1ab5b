import type { Readable } from 'node:stream';
import type { ContainerCreateSpec } from '../../domain/container';
import { FlowFailedError } from '../../errors';
import { createContainer, removeQuietly } from './create-container';
import { DemuxOutput } from './demux-output';
import type { RunOnceResult } from '../../ports/docker-engine';
import type { EngineCaller } from './engine-caller';
import { numberAt, recordAt, stringAt } from '../../domain/json-fields';
import { streamUntilEnd, toReadable } from './stream-until-end';
import { formatMs } from './translate-error';

/**
 * A one-off container (release command, migration): create (AutoRemove off, so the exit code
 * can be read), attach, start, stream its output to `onOutput`, wait up to `timeoutMs` (then
 * kill it → FlowFailedError), and always remove it, also when interrupted.
 */
export async function runOnce(
  caller: EngineCaller,
  spec: ContainerCreateSpec,
  onOutput: (chunk: string) => void,
  timeoutMs: number,
  signal: AbortSignal,
): Promise<RunOnceResult> {
  const target = spec.name;
  const id = await createContainer(caller, spec, signal);
  let stream: Readable | undefined;
  try {
    stream = await caller.call(
      'attach',
      signal,
      async (docker, callSignal) =>
        toReadable(await docker.getContainer(id).attach({ stream: true, stdout: true, stderr: true, abortSignal: callSignal })),
      { target },
    );
    const demux = new DemuxOutput((text) => onOutput(text));
    stream.on('data', (chunk: Buffer) => demux.push(chunk));
    const outputEnded = streamUntilEnd(stream, signal).catch(() => undefined);
    await caller.call('start container', signal, (docker, callSignal) => docker.getContainer(id).start({ abortSignal: callSignal }), { target });
    const exitCode = await waitForExit(caller, id, target, timeoutMs, signal);
    // The output ends right after the exit; do not hang on an engine that keeps the stream open.
    await new Promise<void>((resolve) => {
      const cancelGrace = caller.schedule(resolve, caller.apiTimeoutMs);
      void outputEnded.then(() => {
        cancelGrace();
        resolve();
      });
    });
    demux.end();
    return { exitCode };
  } finally {
    stream?.destroy();
    await removeQuietly(caller, id, target);
  }
}

/** Waits until the container exits and returns its exit code; after `timeoutMs` (0: no limit) it is killed → FlowFailedError. */
export async function waitForExit(caller: EngineCaller, id: string, target: string, timeoutMs: number, signal: AbortSignal): Promise<number> {
  const deadline = new AbortController();
  const cancel = timeoutMs > 0 ? caller.schedule(() => deadline.abort(), timeoutMs) : () => undefined;
  try {
    const result: unknown = await caller.call(
      'wait container',
      AbortSignal.any([signal, deadline.signal]),
      (docker, callSignal) => docker.getContainer(id).wait({ abortSignal: callSignal }),
      { target, timeoutMs: 0 },
    );
    const waitError = stringAt(recordAt(result, 'Error'), 'Message');
    if (waitError !== undefined && waitError !== '') {
      throw new FlowFailedError(`${target} on ${caller.host.name} could not be waited for: ${waitError}`, {
        hint: `see the engine's log on ${caller.host.name}`,
      });
    }
    return numberAt(result, 'StatusCode') ?? -1;
  } catch (error) {
    if (signal.aborted || !deadline.signal.aborted) throw error;
    await caller
      .call('kill container', AbortSignal.timeout(caller.apiTimeoutMs), (docker, callSignal) => docker.getContainer(id).kill({ abortSignal: callSignal }), { target })
      .catch(() => undefined);
    throw new FlowFailedError(`${target} on ${caller.host.name} did not finish within ${formatMs(timeoutMs)} and was killed`, {
      hint: 'make the command finish sooner or give it more time; nothing was switched',
    });
  } finally {
    cancel();
  }
}
