import { isMap, isScalar, isSeq } from 'yaml';
import type { Document } from 'yaml';
import { ConfigError } from '../errors';
import { checkCron, checkTimezone } from './check-schedule-values';
import type { RawSetting } from './option-row';
import { nestedGroups, optionRowFor, optionTable } from './option-table';
import type { ConfigFile } from './parse-config-text';
import { suggestClosest } from './suggest-closest';
import { isEmptyNode, kindOf, rawValueOf, resolveAlias } from './yaml-node-value';

/** One entry of `schedules:` as written: its cron fields and the option keys it sets for its runs. */
export interface ScheduleEntry {
  readonly name: string;
  readonly cron: string;
  readonly timezone?: string;
  /** `docker-flow.yml: schedules[1]` */
  readonly key: string;
  /** The schedule's option keys, merged over every other source for its runs. */
  readonly settings: readonly RawSetting[];
}

/** Keys that hold for the whole agent (one state store, one log, one watch), so a schedule cannot change them. */
const agentWide = ['state_dir', 'consul_address', 'consul_token', 'consul_retry', 'log_format', 'log_level', 'watch_image', 'watch_interval', 'watch_prereleases'];
const structured = ['hosts', 'hooks', 'schedules', ...nestedGroups];
const ownKeys = ['name', 'cron', 'timezone', 'flows'];
const optionKeys = optionTable.map((row) => row.ymlKey).filter((key) => !key.includes('.') && !agentWide.includes(key) && key !== 'flow');
const acceptedKeys = [...ownKeys, ...optionKeys];
const example = 'schedules:\n  - name: morning-up\n    cron: "0 8 * * 1-5"\n    timezone: Europe/Paris\n    flows: [scale, proxy]\n    scale: "+2"';

/**
 * `schedules:` of docker-flow.yml: a list of mappings with name, cron, timezone (optional), flows,
 * and any option key of docker-flow.yml (scale, target, service_path, ...) for the schedule's runs.
 * Errors name the path: `docker-flow.yml: schedules[1].cron`.
 */
export function parseSchedules(node: unknown, file: ConfigFile, document: Document.Parsed): readonly ScheduleEntry[] {
  const key = `${file.displayName}: schedules`;
  if (!isSeq(node)) throw new ConfigError(key, `found ${kindOf(node)}; accepted: a list of schedules`, { hint: `for example:\n${example}` });
  const entries = node.items.map((item, index) => parseEntry(resolveAlias(item, document), `${key}[${index}]`, file, document));
  entries.forEach((entry, index) => {
    const first = entries.findIndex((other) => other.name === entry.name);
    if (first !== index) {
      throw new ConfigError(`${entry.key}.name`, `"${entry.name}" is also the name of ${key}[${first}]`, { hint: 'give every schedule its own name' });
    }
  });
  return entries;
}

function parseEntry(node: unknown, key: string, file: ConfigFile, document: Document.Parsed): ScheduleEntry {
  if (!isMap(node)) throw new ConfigError(key, `found ${kindOf(node)}; accepted: a mapping with ${ownKeys.join(', ')} and option keys`, { hint: `for example:\n${example}` });
  const own: Record<string, string> = {};
  const settings: RawSetting[] = [];
  for (const pair of node.items) {
    const name = isScalar(pair.key) ? pair.key.value : undefined;
    if (typeof name !== 'string') throw new ConfigError(key, `found a key that is not a plain name (${String(pair.key)})`, { hint: `accepted keys: ${acceptedKeys.join(', ')}` });
    const path = `${key}.${name}`;
    const value = resolveAlias(pair.value, document);
    if (isEmptyNode(value)) throw new ConfigError(path, 'has no value', { hint: 'give the key a value, or remove it' });
    if (name === 'flows' || name === 'flow') {
      if (settings.some((s) => s.field === 'flows')) throw new ConfigError(path, 'is given twice (flows and flow)', { hint: 'keep one "flows:" list' });
      settings.push({ field: 'flows', source: 'file', key: path, value: rawValueOf(optionRowFor('flows'), path, value), baseDir: file.baseDir });
      continue;
    }
    if (ownKeys.includes(name)) {
      if (!isScalar(value) || typeof value.value !== 'string') throw new ConfigError(path, `found ${kindOf(value)}; accepted: text`, { hint: `quote the value; for example:\n${example}` });
      own[name] = value.value;
      continue;
    }
    settings.push(optionSetting(name, path, value, file));
  }
  const name = required(own, 'name', key);
  if (!/^[a-z0-9][a-z0-9_.-]*$/.test(name)) {
    throw new ConfigError(`${key}.name`, `"${name}" is not accepted; accepted: lower-case letters, digits, ., - and _, starting with a letter or digit (e.g. morning-up)`, {
      hint: 'the name appears in logs, `docker-flow status` and the state store',
    });
  }
  const cron = checkCron(`${key}.cron`, required(own, 'cron', key));
  if (!settings.some((s) => s.field === 'flows')) {
    throw new ConfigError(`${key}.flows`, 'is missing; accepted: a list of deploy, scale, stop-old, proxy', { hint: `say what the schedule runs, e.g. flows: [scale, proxy]` });
  }
  const timezone = own['timezone'] === undefined ? undefined : checkTimezone(`${key}.timezone`, own['timezone']);
  return { name, cron, ...(timezone === undefined ? {} : { timezone }), key, settings };
}

function optionSetting(name: string, path: string, value: unknown, file: ConfigFile): RawSetting {
  if (agentWide.includes(name) || structured.includes(name)) {
    throw new ConfigError(path, 'holds for the whole agent and cannot change per schedule', {
      hint: `set ${name} at the top level of ${file.displayName}; schedules take: ${acceptedKeys.join(', ')}`,
    });
  }
  const row = optionTable.find((candidate) => candidate.ymlKey === name);
  if (row === undefined || !optionKeys.includes(name)) {
    const closest = suggestClosest(name, acceptedKeys);
    throw new ConfigError(path, `is not a known key${closest === undefined ? '' : `; did you mean "${closest}"?`}`, { hint: `schedules take: ${acceptedKeys.join(', ')}` });
  }
  return { field: row.field, source: 'file', key: path, value: rawValueOf(row, path, value), baseDir: file.baseDir };
}

function required(own: Readonly<Record<string, string>>, name: string, key: string): string {
  const value = own[name];
  if (value === undefined || value.trim() === '') {
    throw new ConfigError(`${key}.${name}`, 'is missing', { hint: `every schedule needs a name and a cron expression; for example:\n${example}` });
  }
  return value.trim();
}
