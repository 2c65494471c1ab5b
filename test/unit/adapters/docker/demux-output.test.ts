import assert from 'node:assert/strict';
import { DemuxOutput } from '../../../../src/adapters/docker/demux-output';
import type { OutputSource } from '../../../../src/adapters/docker/demux-output';

function frame(source: 1 | 2, payload: Buffer | string): Buffer {
  const body = typeof payload === 'string' ? Buffer.from(payload) : payload;
  const header = Buffer.alloc(8);
  header[0] = source;
  header.writeUInt32BE(body.length, 4);
  return Buffer.concat([header, body]);
}

function collect(): { demux: DemuxOutput; seen: [OutputSource, string][] } {
  const seen: [OutputSource, string][] = [];
  return { demux: new DemuxOutput((text, source) => seen.push([source, text])), seen };
}

describe('adapters/docker/demux-output', () => {
  it('splits stdout and stderr frames, several in one chunk', () => {
    const { demux, seen } = collect();
    demux.push(Buffer.concat([frame(1, 'migrating\n'), frame(2, 'warning: slow\n'), frame(1, 'done\n')]));
    assert.deepEqual(seen, [['stdout', 'migrating\n'], ['stderr', 'warning: slow\n'], ['stdout', 'done\n']]);
  });

  it('waits for a frame cut across chunks, header included', () => {
    const { demux, seen } = collect();
    const bytes = frame(1, 'hello world');
    demux.push(bytes.subarray(0, 5));
    demux.push(bytes.subarray(5, 12));
    assert.deepEqual(seen, []);
    demux.push(bytes.subarray(12));
    assert.deepEqual(seen, [['stdout', 'hello world']]);
  });

  it('keeps a UTF-8 character split across two frames whole', () => {
    const { demux, seen } = collect();
    const euro = Buffer.from('€');
    demux.push(Buffer.concat([frame(1, euro.subarray(0, 1)), frame(1, euro.subarray(1))]));
    demux.end();
    assert.equal(seen.map(([, text]) => text).join(''), '€');
  });
});
