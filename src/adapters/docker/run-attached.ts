import type { Duplex } from 'node:stream';
import type { ContainerCreateSpec } from '../../domain/container';
import { pumpAttached } from './attached-stream';
import type { AttachedIo } from '../../ports/docker-engine';
import { createContainer, removeQuietly } from './create-container';
import type { EngineCaller } from './engine-caller';
import { asDuplex } from './exec-attached';
import { waitForExit } from './run-once';

/**
 * `docker run --rm [-i] [-t]` through the Engine API: creates the one-off container (stdin open with
 * -i, a TTY with -t), attaches to it on a hijacked connection wired to `io`, starts it, waits for
 * its exit and returns the exit code. The container is removed in every case, also on Ctrl-C.
 */
export async function runAttached(caller: EngineCaller, spec: ContainerCreateSpec, io: AttachedIo, signal: AbortSignal): Promise<number> {
  const target = spec.name;
  const stdin = io.stdin !== undefined;
  const id = await createContainer(caller, { ...spec, interactive: { stdin, tty: io.tty } }, signal);
  let connection: Duplex | undefined;
  try {
    connection = await caller.call('attach', signal, async (docker, s) =>
      asDuplex(await docker.getContainer(id).attach({ stream: true, hijack: true, stdin, stdout: true, stderr: true, abortSignal: s })), { target });
    const pumped = pumpAttached(connection, io, signal);
    pumped.catch(() => undefined);
    await caller.call('start container', signal, (docker, s) => docker.getContainer(id).start({ abortSignal: s }), { target });
    const size = io.size;
    if (io.tty && size !== undefined) {
      await caller.call('resize', signal, (docker, s) => docker.getContainer(id).resize({ h: size.rows, w: size.columns, abortSignal: s }), { target }).catch(() => undefined);
    }
    const exitCode = await waitForExit(caller, id, target, 0, signal);
    // the output ends right after the exit; do not hang on an engine that keeps the connection open
    await new Promise<void>((resolve) => {
      const cancel = caller.schedule(resolve, caller.apiTimeoutMs);
      void pumped.finally(() => {
        cancel();
        resolve();
      });
    });
    return exitCode;
  } finally {
    connection?.destroy();
    await removeQuietly(caller, id, target);
  }
}
