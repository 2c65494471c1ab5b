import { StringDecoder } from 'node:string_decoder';

export type OutputSource = 'stdout' | 'stderr';

/**
 * Decoder for the engine's multiplexed attach/exec stream (no TTY): frames of an 8-byte header
 * (stream type, 3 zero bytes, big-endian length) and a payload. Text is decoded as UTF-8 per
 * source, so a character split across frames comes out whole. Feed it chunks; call `end()` last.
 */
export class DemuxOutput {
  private pending: Buffer = Buffer.alloc(0);
  private readonly decoders = { stdout: new StringDecoder('utf8'), stderr: new StringDecoder('utf8') };

  constructor(private readonly onOutput: (text: string, source: OutputSource) => void) {}

  push(chunk: Buffer): void {
    this.pending = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    while (this.pending.length >= 8) {
      const length = this.pending.readUInt32BE(4);
      if (this.pending.length < 8 + length) return;
      const source: OutputSource = this.pending[0] === 2 ? 'stderr' : 'stdout';
      this.emit(this.decoders[source].write(this.pending.subarray(8, 8 + length)), source);
      this.pending = this.pending.subarray(8 + length);
    }
  }

  end(): void {
    this.emit(this.decoders.stdout.end(), 'stdout');
    this.emit(this.decoders.stderr.end(), 'stderr');
  }

  private emit(text: string, source: OutputSource): void {
    if (text !== '') this.onOutput(text, source);
  }
}
