import { ComposeLocation } from './compose-location';
import { interpolateString } from './interpolate';
import type { UnsetVariableHandler, VariableLookup } from './interpolate';

const accepted = 'write one KEY=VALUE (or KEY: VALUE) per line; values may be quoted with \' or "; lines starting with # are comments';
/** Double-quoted escapes Compose expands (POSIX echo's, plus \" \\ \$ and \0NNN octal); others stay as written. */
const escapePattern = /\\(?:([abfnrtv"\\$])|0([0-7]{3}))/g;
const escapes: Readonly<Record<string, string>> = { a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '"': '"', '\\': '\\', $: '$$' };
/** Letters and digits of any script, `_ . - [ ]`; a key may start with a digit (`456=ABC`). */
const keyChar = /[\p{L}\p{N}_.\-[\]]/u;

/**
 * Parses a `.env` / `env_file` file with Compose's rules (compose-go's dotenv parser): `KEY=VALUE`
 * or `KEY: VALUE` lines, an `export ` prefix, `#` comment lines, ` #` inline comments after
 * unquoted values, keys of letters, digits, `_ . - [ ]` (also starting with a digit), single
 * quotes (literal but for `\'`), double quotes (escapes and interpolation), both may span lines.
 * A bare `KEY` takes its value from `lookup` and is left out when unset. Variables resolve from
 * `lookup` first, then from earlier lines, then from `gathered` (what the service's environment and
 * its earlier env files set). `file` names the file in errors (`app.env: line 3`).
 */
export function parseEnvFile(text: string, file: string, lookup: VariableLookup, onUnset: UnsetVariableHandler, gathered: Readonly<Record<string, string>> = {}): Record<string, string> {
  const result: Record<string, string> = {};
  const scopedLookup: VariableLookup = (name) =>
    lookup(name) ?? (Object.hasOwn(result, name) ? result[name] : Object.hasOwn(gathered, name) ? gathered[name] : undefined);
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  for (let index = 0; index < lines.length; index++) {
    const where = new ComposeLocation(file, `line ${index + 1}`);
    const line = (lines[index] ?? '').trim();
    if (line === '' || line.startsWith('#')) continue;
    const statement = /^export\s/.test(line) ? line.slice('export'.length).trimStart() : line;
    const { key, rest } = splitKey(statement, line, where);
    if (rest === undefined) {
      const value = lookup(key);
      if (value !== undefined) result[key] = value;
      continue;
    }
    const raw = rest.trimStart();
    const quote = raw[0];
    if (quote === "'" || quote === '"') {
      const original = lines[index] ?? '';
      const read = readQuoted(lines, index, original.trimEnd().length - raw.length, quote, where);
      result[key] = quote === "'" ? read.value : interpolateString(expandEscapes(read.value), scopedLookup, where, onUnset);
      index = read.lastLine;
    } else {
      const comment = raw.indexOf(' #');
      result[key] = interpolateString((comment === -1 ? raw : raw.slice(0, comment)).trimEnd(), scopedLookup, where, onUnset);
    }
  }
  return result;
}

/** The key and what follows its `=` or `:` (undefined for a bare `KEY`). */
function splitKey(statement: string, line: string, where: ComposeLocation): { key: string; rest?: string } {
  for (let i = 0; i < statement.length; i++) {
    const char = statement[i] ?? '';
    if (char === '=' || char === ':') return { key: checkKey(statement.slice(0, i).trimEnd(), line, where), rest: statement.slice(i + 1) };
    if (!keyChar.test(char) && !/\s/.test(char)) {
      throw where.error(`"${line}" is not a KEY=VALUE line: unexpected ${JSON.stringify(char)} in the variable name`, accepted);
    }
  }
  return { key: checkKey(statement, line, where) };
}

function checkKey(key: string, line: string, where: ComposeLocation): string {
  if (key === '') throw where.error(`"${line}" is not a KEY=VALUE line: the variable name is empty`, accepted);
  if (/\s/.test(key)) throw where.error(`"${line}" is not a KEY=VALUE line: a variable name cannot contain a space`, accepted);
  return key;
}

/**
 * Reads a quoted value starting at lines[lineIndex][column] (the opening quote), which may
 * continue on later lines. A backslash before the quote character keeps the quote and drops the
 * backslash; any other backslash pair is kept as written (double quotes expand it later).
 */
function readQuoted(lines: readonly string[], lineIndex: number, column: number, quote: string, where: ComposeLocation): { value: string; lastLine: number } {
  let value = '';
  let text = (lines[lineIndex] ?? '').slice(column + 1);
  for (let current = lineIndex; ; ) {
    for (let i = 0; i < text.length; i++) {
      const char = text[i];
      if (char === '\\' && i + 1 < text.length) {
        const next = text[i + 1] ?? '';
        value += next === quote ? next : char + next;
        i++;
      } else if (char === quote) {
        const after = text.slice(i + 1).trim();
        if (after !== '' && !after.startsWith('#')) throw where.error(`unexpected "${after}" after the closing ${quote}`, accepted);
        return { value, lastLine: current };
      } else {
        value += char;
      }
    }
    current++;
    if (current >= lines.length) throw where.error(`the value opened with ${quote} is never closed`, accepted);
    value += '\n';
    text = lines[current] ?? '';
  }
}

function expandEscapes(text: string): string {
  return text.replace(escapePattern, (_whole, char: string | undefined, octal: string | undefined) =>
    char === undefined ? String.fromCharCode(Number.parseInt(octal ?? '0', 8)) : escapes[char] ?? '');
}
