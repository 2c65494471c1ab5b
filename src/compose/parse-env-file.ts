import { ComposeLocation } from './compose-location';
import { interpolateString } from './interpolate';
import type { UnsetVariableHandler, VariableLookup } from './interpolate';

const keyPattern = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_.-]*)\s*(=?)/;
const accepted = 'write one KEY=VALUE per line; values may be quoted with \' or "; lines starting with # are comments';
const escapes: Readonly<Record<string, string>> = { n: '\n', t: '\t', r: '\r', '"': '"', '\\': '\\', $: '$$' };

/**
 * Parses a `.env` / `env_file` file the way Compose does: `KEY=VALUE` lines, `export` prefixes,
 * `#` comments, single quotes (literal), double quotes (escapes, may span lines), and variable
 * interpolation in unquoted and double-quoted values. A bare `KEY` takes its value from `lookup`
 * and is left out when unset. Variables resolve from `lookup` first, then from earlier lines.
 * `file` names the file in errors (`app.env: line 3`).
 */
export function parseEnvFile(text: string, file: string, lookup: VariableLookup, onUnset: UnsetVariableHandler): Record<string, string> {
  const result: Record<string, string> = {};
  const scopedLookup: VariableLookup = (name) => lookup(name) ?? (Object.hasOwn(result, name) ? result[name] : undefined);
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  for (let index = 0; index < lines.length; index++) {
    const where = new ComposeLocation(file, `line ${index + 1}`);
    const line = (lines[index] ?? '').trim();
    if (line === '' || line.startsWith('#')) continue;
    const match = keyPattern.exec(line);
    const key = match?.[1];
    if (match === null || key === undefined) throw where.error(`"${line}" is not a KEY=VALUE line`, accepted);
    if (match[2] === '') {
      if (line.slice(match[0].length).trim() !== '') throw where.error(`"${line}" is not a KEY=VALUE line`, accepted);
      const value = lookup(key);
      if (value !== undefined) result[key] = value;
      continue;
    }
    const raw = line.slice(match[0].length).trimStart();
    const quote = raw[0];
    if (quote === "'" || quote === '"') {
      const original = lines[index] ?? '';
      const column = original.length - original.trimStart().length + line.length - raw.length;
      const read = readQuoted(lines, index, column, quote, where);
      result[key] = quote === "'" ? read.value : interpolateString(unescape(read.value), scopedLookup, where, onUnset);
      index = read.lastLine;
    } else {
      result[key] = interpolateString(raw.replace(/\s+#.*$/, '').trim(), scopedLookup, where, onUnset);
    }
  }
  return result;
}

/** Reads a quoted value starting at lines[lineIndex][column], which may continue on later lines. */
function readQuoted(lines: readonly string[], lineIndex: number, column: number, quote: string, where: ComposeLocation): { value: string; lastLine: number } {
  let value = '';
  let text = (lines[lineIndex] ?? '').slice(column + 1);
  for (let current = lineIndex; ; ) {
    for (let i = 0; i < text.length; i++) {
      const char = text[i];
      if (char === '\\' && quote === '"' && i + 1 < text.length) {
        value += char + (text[i + 1] ?? '');
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

function unescape(text: string): string {
  return text.replace(/\\(.)/g, (whole, char: string) => escapes[char] ?? whole);
}
