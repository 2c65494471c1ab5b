import { isMap, isScalar, parseDocument } from 'yaml';
import type { Document } from 'yaml';
import { ConfigError } from '../errors';
import type { DeployHooks } from './flow-options';
import type { RawSetting } from './option-row';
import { configFileKeys, nestedGroups, optionTable } from './option-table';
import { parseHooks } from './parse-hooks';
import { parseNestedGroup } from './parse-nested-group';
import { parseSchedules, type ScheduleEntry } from './parse-schedules';
import { suggestClosest } from './suggest-closest';
import { kindOf, rawValueOf, resolveAlias } from './yaml-node-value';

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
  /** The structured `proxies:` list as plain data (validated by resolve-proxies.ts). */
  readonly proxies?: { readonly key: string; readonly value: unknown; readonly baseDir: string };
  /** `hooks:`, validated; they run in the file's folder. */
  readonly hooks?: DeployHooks;
  /** `schedules:`, validated (cron, time zone, option keys); resolved into options by load-options. */
  readonly schedules?: readonly ScheduleEntry[];
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
    throw new ConfigError(file.displayName, `expected a mapping of keys (e.g. "target: app"), found ${kindOf(contents)}`, {
      hint: `write one "key: value" per line at the top level; accepted keys: ${configFileKeys.join(', ')}`,
    });
  }
  const settings: RawSetting[] = [];
  let hosts: ConfigFileSettings['hosts'];
  let proxies: ConfigFileSettings['proxies'];
  let hooks: DeployHooks | undefined;
  let schedules: readonly ScheduleEntry[] | undefined;
  for (const pair of contents.items) {
    const name = isScalar(pair.key) ? pair.key.value : undefined;
    if (typeof name !== 'string') {
      throw new ConfigError(file.displayName, `found a key that is not a plain name (${String(pair.key)}); accepted keys: ${configFileKeys.join(', ')}`, {
        hint: 'write each key as a plain word such as target or blue_green, without quotes, brackets or a leading "? "',
      });
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
    if (name === 'proxies') {
      proxies = { key, value: plainProperty(document, 'proxies'), baseDir: file.baseDir };
      continue;
    }
    if (name === 'hooks') {
      hooks = parseHooks(plainProperty(document, 'hooks'), key, file.baseDir);
      continue;
    }
    if (name === 'schedules') {
      schedules = parseSchedules(node, file, document);
      continue;
    }
    if (nestedGroups.includes(name)) {
      settings.push(...parseNestedGroup(name, node, file, document));
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
  if (proxies !== undefined && settings.some((setting) => setting.field === 'proxyDockerHosts')) {
    throw new ConfigError(`${file.displayName}: proxies`, 'cannot be used together with "proxy_docker_host"', {
      hint: 'keep "proxies:" (the tier, hosts by name or endpoints) and remove "proxy_docker_host:", or the other way round',
    });
  }
  return { settings, ...(hosts === undefined ? {} : { hosts }), ...(proxies === undefined ? {} : { proxies }), ...(hooks === undefined ? {} : { hooks }), ...(schedules === undefined ? {} : { schedules }) };
}

/** A top-level value as plain data (aliases resolved). */
function plainProperty(document: Document.Parsed, name: string): unknown {
  const plain: unknown = document.toJS({ maxAliasCount: 100 });
  if (typeof plain !== 'object' || plain === null) return undefined;
  return Object.entries(plain).find(([key]) => key === name)?.[1];
}
