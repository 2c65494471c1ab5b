import { isAlias, isMap, isScalar, isSeq, parseDocument } from 'yaml';
import type { Document } from 'yaml';
import { ConfigError } from '../errors';
import { isListKind } from './option-row';
import type { OptionRow, RawSetting, RawValue } from './option-row';
import { configFileKeys, optionTable } from './option-table';
import { acceptsOf } from './parse-setting';
import { suggestClosest } from './suggest-closest';

export interface ConfigFile {
  /** How the file is named in messages: `docker-flow.yml`, or the path the user gave. */
  readonly displayName: string;
  /** Relative paths inside the file resolve against this folder. */
  readonly baseDir: string;
}

export interface ConfigFileSettings {
  readonly settings: readonly RawSetting[];
  /** The structured `hosts:` list as plain data, when the file has one (validated by hosts.ts). */
  readonly hosts?: { readonly key: string; readonly value: unknown; readonly baseDir: string };
}

/**
 * Reads the text of docker-flow.yml into raw settings (pure). Bad YAML, unknown keys and values of
 * the wrong YAML type are ConfigErrors naming `<file>: <key>`.
 */
export function parseConfigText(text: string, file: ConfigFile): ConfigFileSettings {
  const document = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  const yamlError = document.errors[0];
  if (yamlError !== undefined) {
    const where = yamlError.linePos?.[0];
    const position = where === undefined ? '' : ` at line ${where.line}, column ${where.col}`;
    throw new ConfigError(file.displayName, `is not valid YAML${position}: ${yamlError.message.split(' at line ')[0] ?? ''}`, {
      hint: 'fix the YAML syntax; docker-flow.yml is a mapping such as "target: app" with one key per line',
    });
  }
  const contents = document.contents;
  if (contents === null || (isScalar(contents) && contents.value === null)) return { settings: [] };
  if (!isMap(contents)) {
    throw new ConfigError(file.displayName, `expected a mapping of keys (e.g. "target: app"), found ${kindOf(contents)}`);
  }
  const settings: RawSetting[] = [];
  let hosts: ConfigFileSettings['hosts'];
  for (const pair of contents.items) {
    const name = isScalar(pair.key) ? pair.key.value : undefined;
    if (typeof name !== 'string') {
      throw new ConfigError(file.displayName, `found a key that is not a plain name (${String(pair.key)}); accepted keys: ${configFileKeys.join(', ')}`);
    }
    const key = `${file.displayName}: ${name}`;
    const node = resolveAlias(pair.value, document);
    if (node === null || node === undefined || (isScalar(node) && node.value === null)) {
      throw new ConfigError(key, 'has no value', { hint: 'give the key a value, or remove it to use the default' });
    }
    if (name === 'hosts') {
      hosts = { key, value: plainProperty(document, 'hosts'), baseDir: file.baseDir };
      continue;
    }
    const row = optionTable.find((candidate) => candidate.ymlKey === name);
    if (row === undefined) {
      const closest = suggestClosest(name, configFileKeys);
      throw new ConfigError(key, `is not a known key${closest === undefined ? '' : `; did you mean "${closest}"?`}`, {
        hint: `accepted keys: ${configFileKeys.join(', ')}`,
      });
    }
    settings.push({ field: row.field, source: 'file', key, value: rawValueOf(row, key, node), baseDir: file.baseDir });
  }
  if (hosts !== undefined && settings.some((setting) => setting.field === 'hosts')) {
    throw new ConfigError(`${file.displayName}: hosts`, 'cannot be used together with "host"', {
      hint: 'keep "host:" for plain endpoints or "hosts:" for named hosts with labels, not both',
    });
  }
  return hosts === undefined ? { settings } : { settings, hosts };
}

const typeHint = 'docker-flow --help lists every key with the values it takes';

function rawValueOf(row: OptionRow, key: string, node: unknown): RawValue {
  const wrongType = (found: string): ConfigError =>
    new ConfigError(key, `found ${found}; accepted: ${isListKind(row.kind) ? `a list (or a single value) of ${acceptsOf(row)}` : acceptsOf(row)}`, {
      hint: typeHint,
    });
  if (row.kind === 'boolean') {
    if (isScalar(node) && typeof node.value === 'boolean') return node.value;
    throw wrongType(`${kindOf(node)}${isScalar(node) ? ` "${String(node.value)}"` : ''} (YAML booleans are true and false, unquoted)`);
  }
  if (isListKind(row.kind)) {
    if (isScalar(node) && typeof node.value === 'string') return [node.value];
    if (!isSeq(node)) throw wrongType(kindOf(node));
    return node.items.map((item, index) => {
      if (isScalar(item) && typeof item.value === 'string') return item.value;
      throw new ConfigError(`${key}[${index}]`, `found ${kindOf(item)}; accepted: ${acceptsOf(row)}`, {
        hint: `quote values that YAML would read as numbers or booleans; ${typeHint}`,
      });
    });
  }
  if (isScalar(node) && typeof node.value === 'string') return node.value;
  const numeric = row.kind === 'int' || row.kind === 'duration' || row.kind === 'scale';
  if (numeric && isScalar(node) && typeof node.value === 'number') return node.source ?? String(node.value);
  throw wrongType(`${kindOf(node)}${isScalar(node) ? ` ${String(node.value)}` : ''}`);
}

function kindOf(node: unknown): string {
  if (isMap(node)) return 'a mapping';
  if (isSeq(node)) return 'a list';
  if (isScalar(node)) return node.value === null ? 'nothing' : `a ${typeof node.value}`;
  return 'an unsupported YAML value';
}

function resolveAlias(node: unknown, document: Document.Parsed): unknown {
  return isAlias(node) ? node.resolve(document) : node;
}

/** A top-level value as plain data (aliases resolved). */
function plainProperty(document: Document.Parsed, name: string): unknown {
  const plain: unknown = document.toJS({ maxAliasCount: 100 });
  if (typeof plain !== 'object' || plain === null) return undefined;
  return Object.entries(plain).find(([key]) => key === name)?.[1];
}
