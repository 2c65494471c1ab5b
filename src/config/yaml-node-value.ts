import { isAlias, isMap, isScalar, isSeq } from 'yaml';
import type { Document } from 'yaml';
import { ConfigError } from '../errors';
import { isListKind } from './option-row';
import type { OptionRow, RawValue } from './option-row';
import { acceptsOf } from './parse-setting';

const typeHint = 'docker-flow --help lists every key with the values it takes';

/** A docker-flow.yml value as the raw value of its row; the wrong YAML type is a ConfigError naming `key`. */
export function rawValueOf(row: OptionRow, key: string, node: unknown): RawValue {
  const wrongType = (found: string): ConfigError =>
    new ConfigError(key, `found ${found}; accepted: ${isListKind(row.kind) ? `a list (or a single value) of ${acceptsOf(row)}` : acceptsOf(row)}`, {
      hint: typeHint,
    });
  if (row.kind === 'boolean') {
    if (isScalar(node) && typeof node.value === 'boolean') return node.value;
    throw wrongType(`${kindOf(node)}${isScalar(node) ? ` "${String(node.value)}"` : ''} (YAML booleans are true and false, unquoted)`);
  }
  if (isListKind(row.kind) || (row.kind === 'command' && isSeq(node))) {
    if (isScalar(node) && typeof node.value === 'string') return [node.value];
    if (row.numericItems === true && isScalar(node) && typeof node.value === 'number') return [node.source ?? String(node.value)];
    if (!isSeq(node)) throw wrongType(kindOf(node));
    return node.items.map((item, index) => {
      if (isScalar(item) && typeof item.value === 'string') return item.value;
      // command arguments such as `--step 5`: a number is its text
      if ((row.kind === 'command' || row.numericItems === true) && isScalar(item) && typeof item.value === 'number') return item.source ?? String(item.value);
      throw new ConfigError(`${key}[${index}]`, `found ${kindOf(item)}; accepted: ${row.kind === 'command' ? 'text' : acceptsOf(row)}`, {
        hint: `quote values that YAML would read as numbers or booleans; ${typeHint}`,
      });
    });
  }
  if (isScalar(node) && typeof node.value === 'string') return node.value;
  if (row.clearable !== undefined && isScalar(node) && node.value === false) return false;
  const numeric = row.kind === 'int' || row.kind === 'duration' || row.kind === 'scale';
  if (numeric && isScalar(node) && typeof node.value === 'number') return node.source ?? String(node.value);
  throw wrongType(`${kindOf(node)}${isScalar(node) ? ` ${String(node.value)}` : ''}`);
}

export function kindOf(node: unknown): string {
  if (isMap(node)) return 'a mapping';
  if (isSeq(node)) return 'a list';
  if (isScalar(node)) return node.value === null ? 'nothing' : `a ${typeof node.value}`;
  return 'an unsupported YAML value';
}

export function resolveAlias(node: unknown, document: Document.Parsed): unknown {
  return isAlias(node) ? node.resolve(document) : node;
}

/** True for a missing value: `key:` with nothing after it. */
export function isEmptyNode(node: unknown): boolean {
  return node === null || node === undefined || (isScalar(node) && node.value === null);
}
