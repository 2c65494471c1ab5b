/** A ustar archive holding one regular file (for the Engine API's putArchive). */
export function singleFileTar(name: string, content: string, mode: number, mtimeSec: number): Buffer {
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
  const padding = Buffer.alloc((512 - (body.length % 512)) % 512);
  return Buffer.concat([header, body, padding, Buffer.alloc(1024)]);
}
