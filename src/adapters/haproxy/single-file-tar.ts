/** A file to put into a container with the Engine API's putArchive. */
export interface TarEntry {
  readonly name: string;
  readonly content: string;
  readonly mode: number;
}

/** A ustar archive holding one regular file (for the Engine API's putArchive). */
export function singleFileTar(name: string, content: string, mode: number, mtimeSec: number): Buffer {
  return filesTar([{ name, content, mode }], mtimeSec);
}

/** A ustar archive of regular files, in order. */
export function filesTar(entries: readonly TarEntry[], mtimeSec: number): Buffer {
  return Buffer.concat([...entries.flatMap((entry) => entryBlocks(entry, mtimeSec)), Buffer.alloc(1024)]);
}

function entryBlocks({ name, content, mode }: TarEntry, mtimeSec: number): readonly Buffer[] {
  const body = Buffer.from(content, 'utf8');
  const header = Buffer.alloc(512);
  const field = (text: string, offset: number, length: number): void => {
    header.write(text, offset, length, 'utf8');
  };
  const octal = (value: number, offset: number, length: number): void => field(`${value.toString(8).padStart(length - 1, '0')}\0`, offset, length);
  if (Buffer.byteLength(name) > 99) throw new RangeError(`tar entry name too long: ${name}`);
  field(name, 0, 100);
  octal(mode, 100, 8);
  octal(0, 108, 8);
  octal(0, 116, 8);
  octal(body.length, 124, 12);
  octal(Math.floor(mtimeSec), 136, 12);
  field('        ', 148, 8);
  field('0', 156, 1);
  field('ustar\0', 257, 6);
  field('00', 263, 2);
  let sum = 0;
  for (const byte of header) sum += byte;
  field(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 8);
  return [header, body, Buffer.alloc((512 - (body.length % 512)) % 512)];
}
