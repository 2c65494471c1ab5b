import { StringDecoder } from 'node:string_decoder';
import type { Readable } from 'node:stream';
import { isRecord, recordAt } from '../../domain/json-fields';
import type { EngineLogLine, LogReadOptions } from '../../ports/docker-engine';
import { DemuxOutput, type OutputSource } from './demux-output';
import type { EngineCaller } from './engine-caller';
import { streamUntilEnd, toReadable } from './stream-until-end';

/**
 * `GET /containers/{id}/logs?timestamps=1`: every line of stdout and stderr, demultiplexed (a
 * container with a TTY sends one raw stream), split into whole lines. Resolves when the output
 * ends (with `follow`: when the container stops); rejects with the abort reason when `signal`
 * aborts, the stream then destroyed.
 */
export async function containerLogs(caller: EngineCaller, id: string, options: LogReadOptions, onLine: (line: EngineLogLine) => void, signal: AbortSignal): Promise<void> {
  const inspect: unknown = await caller.call('inspect container', signal, (docker, s) => docker.getContainer(id).inspect({ abortSignal: s }), { target: id });
  const tty = isRecord(inspect) && recordAt(inspect, 'Config')['Tty'] === true;
  const lines = new LineSplitter(onLine);
  const feed = tty ? rawFeed(lines) : new DemuxOutput((text, source) => lines.push(text, source));
  const query = { stdout: true, stderr: true, timestamps: true, ...(options.sinceSec === undefined ? {} : { since: options.sinceSec }), ...(options.tail === undefined ? {} : { tail: options.tail }) };
  if (!options.follow) {
    const all: Buffer = await caller.call('logs', signal, (docker, s) => docker.getContainer(id).logs({ ...query, follow: false, abortSignal: s }), { target: id });
    feed.push(all);
  } else {
    const stream: Readable = await caller.call('logs', signal, async (docker, s) => toReadable(await docker.getContainer(id).logs({ ...query, follow: true, abortSignal: s })), { target: id, timeoutMs: 0 });
    stream.on('data', (chunk: Buffer) => feed.push(chunk));
    try {
      await streamUntilEnd(stream, signal);
    } catch (error) {
      if (signal.aborted) throw error;
      throw caller.translate('logs', error, id);
    } finally {
      stream.destroy();
    }
  }
  feed.end();
  lines.end();
}

/** A TTY container's output: one stream, shown as stdout. */
function rawFeed(lines: LineSplitter): { push(chunk: Buffer): void; end(): void } {
  const decoder = new StringDecoder('utf8');
  return { push: (chunk) => lines.push(decoder.write(chunk), 'stdout'), end: () => lines.push(decoder.end(), 'stdout') };
}

/** Whole lines per source (a line may arrive in several frames); `\r\n` from TTYs becomes a line end. */
class LineSplitter {
  private readonly partial: Record<OutputSource, string> = { stdout: '', stderr: '' };

  constructor(private readonly onLine: (line: EngineLogLine) => void) {}

  push(text: string, source: OutputSource): void {
    const parts = (this.partial[source] + text).split(/\r?\n/);
    this.partial[source] = parts.pop() ?? '';
    for (const line of parts) this.onLine({ line, source });
  }

  end(): void {
    for (const source of ['stdout', 'stderr'] as const) {
      if (this.partial[source] !== '') this.onLine({ line: this.partial[source], source });
      this.partial[source] = '';
    }
  }
}
