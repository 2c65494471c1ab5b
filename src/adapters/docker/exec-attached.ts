import { pumpAttached } from './attached-stream';
import type { AttachedIo } from '../../ports/docker-engine';
import type { EngineCaller } from './engine-caller';
import { execExitCode } from './exec-command';
import { toReadable } from './stream-until-end';
import { Duplex } from 'node:stream';

/**
 * `docker exec [-i] [-t]` through the Engine API: creates the exec, starts it on a hijacked
 * connection wired to `io` (see pumpAttached), sizes its TTY, and returns its exit code once its
 * output ends. No API timeout: an interactive command runs as long as the user wants (Ctrl-C aborts).
 */
export async function execAttached(caller: EngineCaller, id: string, cmd: readonly string[], io: AttachedIo, signal: AbortSignal): Promise<number> {
  const stdin = io.stdin !== undefined;
  const exec = await caller.call('exec create', signal, (docker, s) =>
    docker.getContainer(id).exec({ Cmd: [...cmd], AttachStdin: stdin, AttachStdout: true, AttachStderr: true, Tty: io.tty, abortSignal: s }), { target: id });
  const connection = await caller.call('exec start', signal, async (_docker, s) => asDuplex(await exec.start({ hijack: true, stdin, Tty: io.tty, abortSignal: s })), { target: id });
  const size = io.size;
  if (io.tty && size !== undefined) {
    await caller.call('exec resize', signal, (_docker, s) => exec.resize({ h: size.rows, w: size.columns, abortSignal: s }), { target: id }).catch(() => undefined);
  }
  try {
    await pumpAttached(connection, io, signal);
  } catch (error) {
    if (signal.aborted) throw error;
    throw caller.translate('exec', error, id);
  }
  return caller.call('exec inspect', signal, (_docker, s) => execExitCode(exec, s), { target: id });
}

/** A hijacked connection is a socket (a Duplex); dockerode types it as a ReadableStream. */
export function asDuplex(stream: NodeJS.ReadableStream): Duplex {
  if (stream instanceof Duplex) return stream;
  return Duplex.from({ readable: toReadable(stream) });
}
