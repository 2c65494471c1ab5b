import { LineCounter, parseDocument } from 'yaml';
import { ComposeLocation } from './compose-location';
import { messageOf } from '../errors';

const hint = 'fix the YAML at that place (indent with spaces, quote values that contain ": " or start with * & ! { [ %)';

/**
 * Parses one YAML document (with `<<` merge keys, as Compose files use for `x-*` anchors) into
 * plain data. Syntax errors become ConfigErrors naming the file, line and column.
 */
export function parseYaml(text: string, file: string): unknown {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { merge: true, prettyErrors: false, uniqueKeys: true, lineCounter });
  const [first] = document.errors;
  if (first !== undefined) {
    const position = lineCounter.linePos(first.pos[0]);
    const where = ` at line ${position.line}, column ${position.col}`;
    const detail = first.message.split('\n')[0] ?? first.message;
    throw new ComposeLocation(file).error(`is not valid YAML${where}: ${detail}`, hint, first);
  }
  try {
    return document.toJS({ maxAliasCount: 1000 });
  } catch (error) {
    const detail = messageOf(error);
    throw new ComposeLocation(file).error(`could not be read as YAML data: ${detail}`, hint, error);
  }
}
