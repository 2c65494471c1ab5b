import { LineCounter, parseDocument } from 'yaml';
import { ComposeLocation } from './compose-location';
import { messageOf } from '../errors';
import { takeMergeTags } from './merge-tags';
import type { TagPath } from './merge-tags';

const hint = 'fix the YAML at that place (indent with spaces, quote values that contain ": " or start with * & ! { [ %)';

/** A parsed compose document and the paths its `!reset` / `!override` tags clear in earlier files. */
export interface ParsedYaml {
  readonly data: unknown;
  readonly tagPaths: readonly TagPath[];
}

/**
 * Parses one YAML document (with `<<` merge keys, as Compose files use for `x-*` anchors) into
 * plain data, taking Compose's merge tags out (see takeMergeTags). Syntax errors become
 * ConfigErrors naming the file, line and column.
 */
export function parseYaml(text: string, file: string): ParsedYaml {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { merge: true, prettyErrors: false, uniqueKeys: true, lineCounter });
  const [first] = document.errors;
  if (first !== undefined) {
    const position = lineCounter.linePos(first.pos[0]);
    const where = ` at line ${position.line}, column ${position.col}`;
    const detail = first.message.split('\n')[0] ?? first.message;
    throw new ComposeLocation(file).error(`is not valid YAML${where}: ${detail}`, hint, first);
  }
  const tagPaths = takeMergeTags(document, file);
  try {
    return { data: document.toJS({ maxAliasCount: 1000 }), tagPaths };
  } catch (error) {
    const detail = messageOf(error);
    throw new ComposeLocation(file).error(`could not be read as YAML data: ${detail}`, hint, error);
  }
}
