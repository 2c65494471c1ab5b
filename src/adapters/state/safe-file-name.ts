import { createHash } from 'node:crypto';

/** Longest stem before a long name is shortened and made unique with a hash. */
const maxStemLength = 160;

/**
 * Turns a key or service name into a file name stem that is safe on any file system and can
 * never climb out of its folder: `A-Z a-z 0-9 _ -` are kept, every other UTF-8 byte becomes
 * `%XX` (so `docker-flow/app/color` → `docker-flow%2Fapp%2Fcolor`). Different inputs always give
 * different stems; very long inputs keep a readable start and end in their SHA-256.
 */
export function safeFileStem(text: string): string {
  const stem = encodeStem(text);
  if (stem.length <= maxStemLength) return stem;
  const digest = createHash('sha256').update(text, 'utf8').digest('hex');
  return `${stem.slice(0, maxStemLength - digest.length - 1)}${shortenedMark}${digest}`;
}

/** Marks a shortened stem (`~` itself is always encoded, as %7E). */
const shortenedMark = '~';

function encodeStem(text: string): string {
  let stem = '';
  for (const byte of Buffer.from(text, 'utf8')) {
    const isPlain =
      (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5a) || (byte >= 0x61 && byte <= 0x7a) || byte === 0x2d || byte === 0x5f;
    stem += isPlain ? String.fromCharCode(byte) : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return stem;
}

/** The text a stem was made from, or undefined for a shortened stem (its text is only in the file). */
export function textOfStem(stem: string): string | undefined {
  if (stem.includes(shortenedMark)) return undefined;
  return Buffer.from(stem.replace(/%([0-9A-F]{2})|([A-Za-z0-9_-])/g, (_, hex: string | undefined, plain: string | undefined) => (hex === undefined ? (plain ?? '') : String.fromCharCode(parseInt(hex, 16)))), 'latin1').toString('utf8');
}

/** Whether a file named after `stem` may hold a text that starts with `prefix` (a shortened stem keeps only its start). */
export function stemMayStartWith(stem: string, prefix: string): boolean {
  const wanted = encodeStem(prefix);
  const mark = stem.indexOf(shortenedMark);
  if (mark === -1) return stem.startsWith(wanted);
  const kept = stem.slice(0, mark);
  return kept.startsWith(wanted) || wanted.startsWith(kept);
}
