import type { Duplex } from 'node:stream';
import type { AttachedIo } from '../../ports/docker-engine';
import { DemuxOutput } from './demux-output';
import { streamUntilEnd } from './stream-until-end';

/**
 * Connects a hijacked attach/exec connection to the user's streams: stdin (with -i) is written to
 * it and its end half-closes the connection (the command sees end of input); output is
 * demultiplexed to stdout and stderr (a TTY sends one raw stream). Resolves when the engine ends
 * the output; rejects with the abort reason when `signal` aborts (the connection destroyed).
 */
export async function pumpAttached(connection: Duplex, io: AttachedIo, signal: AbortSignal): Promise<void> {
  const demux = io.tty ? undefined : new DemuxOutput((text, source) => void (source === 'stderr' ? io.stderr : io.stdout).write(text));
  connection.on('data', (chunk: Buffer) => (demux === undefined ? io.stdout.write(chunk) : demux.push(chunk)));
  const input = io.stdin;
  const onInput = (chunk: Buffer | string): void => void connection.write(chunk);
  const onInputEnd = (): void => void connection.end();
  if (input !== undefined) {
    input.on('data', onInput);
    input.once('end', onInputEnd);
    input.resume();
  }
  try {
    await streamUntilEnd(connection, signal);
    demux?.end();
  } finally {
    if (input !== undefined) {
      input.off('data', onInput);
      input.off('end', onInputEnd);
      input.pause();
    }
    connection.destroy();
  }
}
