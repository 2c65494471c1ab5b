import { isMap, isScalar } from 'yaml';
import type { Document } from 'yaml';
import { ConfigError } from '../errors';
import type { RawSetting } from './option-row';
import { optionTable } from './option-table';
import type { ConfigFile } from './parse-config-text';
import { suggestClosest } from './suggest-closest';
import { isEmptyNode, kindOf, rawValueOf, resolveAlias } from './yaml-node-value';

/**
 * A nested mapping of docker-flow.yml whose keys are option rows (`notify:` with `webhook`,
 * `timeout`, `retries` for the rows `notify.webhook`, ...). Each key becomes a raw setting named
 * `docker-flow.yml: notify.webhook`, so it merges with the environment and flags like any other.
 */
export function parseNestedGroup(group: string, node: unknown, file: ConfigFile, document: Document.Parsed): readonly RawSetting[] {
  const key = `${file.displayName}: ${group}`;
  const rows = optionTable.filter((row) => row.ymlKey.startsWith(`${group}.`));
  const names = rows.map((row) => row.ymlKey.slice(group.length + 1));
  const hint = `for example:\n${group}:\n${names.map((name) => `  ${name}: …`).join('\n')}`;
  if (!isMap(node)) throw new ConfigError(key, `found ${kindOf(node)}; accepted: a mapping with ${names.join(', ')}`, { hint });
  return node.items.map((pair): RawSetting => {
    const name = isScalar(pair.key) ? pair.key.value : undefined;
    if (typeof name !== 'string') throw new ConfigError(key, `found a key that is not a plain name (${String(pair.key)}); accepted keys: ${names.join(', ')}`, { hint });
    const path = `${key}.${name}`;
    const row = rows.find((candidate) => candidate.ymlKey === `${group}.${name}`);
    if (row === undefined) {
      const closest = suggestClosest(name, names);
      throw new ConfigError(path, `is not a known key${closest === undefined ? '' : `; did you mean "${closest}"?`}`, { hint: `accepted keys: ${names.join(', ')}` });
    }
    const value = resolveAlias(pair.value, document);
    if (isEmptyNode(value)) throw new ConfigError(path, 'has no value', { hint: 'give the key a value, or remove it to use the default' });
    return { field: row.field, source: 'file', key: path, value: rawValueOf(row, path, value), baseDir: file.baseDir };
  });
}
