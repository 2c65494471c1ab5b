import { isAbsolute, resolve } from 'node:path';
import type { VolumeSpec } from '../domain/service-spec';
import type { ComposeLocation } from './compose-location';
import { parseLongOptions, parseShortMode, parseTmpfsOptions } from './parse-mount-options';
import { describeValue, expectBoolean, expectList, expectString, expectStringOrList, isRawMap } from './raw-value';

/** A service volume before named volumes are resolved to engine names; `where` names it in errors, `key` the service key it comes from. */
export interface VolumeEntry {
  readonly spec: VolumeSpec;
  readonly where: ComposeLocation;
  readonly key: 'volumes' | 'tmpfs';
}

export interface PathContext {
  /** Relative bind sources resolve against the project directory (the first compose file's folder). */
  readonly projectDir: string;
  /** `~` in bind sources. */
  readonly homeDir: string;
}

const accepted =
  'accepted forms: "./data:/data", "/srv/data:/data:ro", "~/data:/data", "dbdata:/var/lib/db" (a named volume declared under the top-level volumes:), ' +
  '"/data" (anonymous), or a map {type: bind|volume|tmpfs, source, target, read_only, bind: {propagation, create_host_path, selinux}, volume: {nocopy}, tmpfs: {size, mode}}';
const longKeys = new Set(['type', 'source', 'target', 'read_only', 'bind', 'volume', 'tmpfs', 'consistency']);

/** `volumes:` of a service, short "src:dst[:mode]" and long (map) syntax. */
export function parseServiceVolumes(value: unknown, where: ComposeLocation, context: PathContext): VolumeEntry[] {
  return expectList(value, where, accepted).map((item, index) => {
    const at = where.item(index);
    const spec = isRawMap(item) ? parseLong(item, at, context) : parseShort(expectString(item, at, accepted), at, context);
    return { spec, where: at, key: 'volumes' };
  });
}

/** `tmpfs:` of a service: one path or a list, each with optional `:size=64m,mode=1777`. */
export function parseTmpfs(value: unknown, where: ComposeLocation): VolumeEntry[] {
  return expectStringOrList(value, where, 'write a container path or a list of them').map((item, index) => {
    const at = Array.isArray(value) ? where.item(index) : where;
    const colon = item.indexOf(':');
    const target = colon === -1 ? item : item.slice(0, colon);
    return { spec: { type: 'tmpfs', target, readOnly: false, ...(colon === -1 ? {} : parseTmpfsOptions(item.slice(colon + 1), at)) }, where: at, key: 'tmpfs' };
  });
}

function parseShort(text: string, where: ComposeLocation, context: PathContext): VolumeSpec {
  const parts = text.split(':');
  const bad = (why: string): Error => where.error(`"${text}" is not a volume: ${why}`, accepted);
  if (parts.length === 1) return { type: 'volume', target: checkTarget(text, bad), readOnly: false };
  if (parts.length > 3) throw bad('too many ":"');
  const [source = '', target = '', mode = 'rw'] = parts;
  if (source === '') throw bad('the source before ":" is empty');
  return isBindSource(source)
    ? { type: 'bind', source: resolveBindSource(source, context, bad), target: checkTarget(target, bad), createHostPath: true, ...parseShortMode(mode, 'bind', bad) }
    : { type: 'volume', source, target: checkTarget(target, bad), ...parseShortMode(mode, 'volume', bad) };
}

function parseLong(map: Readonly<Record<string, unknown>>, where: ComposeLocation, context: PathContext): VolumeSpec {
  const unknown = Object.keys(map).find((key) => !longKeys.has(key));
  if (unknown !== undefined) throw where.child(unknown).error('is not a key of a service volume', `use ${[...longKeys].join(', ')}`);
  const type = expectString(map['type'] ?? 'volume', where.child('type'), accepted);
  const target = expectString(map['target'], where.child('target'), accepted);
  const bad = (why: string): Error => where.error(`${describeValue(map)} is not a volume: ${why}`, accepted);
  const readOnly = map['read_only'] === undefined ? false : expectBoolean(map['read_only'], where.child('read_only'));
  const source = map['source'] === undefined || map['source'] === null ? undefined : expectString(map['source'], where.child('source'), accepted);
  checkTarget(target, bad);
  if (type !== 'bind' && type !== 'volume' && type !== 'tmpfs') throw where.child('type').error(`"${type}" is not a volume type docker-flow supports`, 'use bind, volume or tmpfs');
  const options = parseLongOptions(map, type, where);
  switch (type) {
    case 'bind': {
      if (source === undefined || source === '') throw bad('a bind mount needs a source path');
      const resolved = resolveBindSource(source, context, bad);
      // HostConfig.Binds (which creates a missing path) is "source:target:options"; a ":" in either cannot be written there
      if (options.createHostPath === true && (resolved.includes(':') || target.includes(':'))) {
        throw where.error(`${describeValue(map)} is not a volume: a path with ":" cannot be given to the engine as a bind that creates its host path (HostConfig.Binds is "source:target:options")`,
          'write bind: {create_host_path: false} and create the path on the hosts first, or use a path without ":"');
      }
      return { type, source: resolved, target, readOnly, ...options };
    }
    case 'volume':
      return { type, ...(source === undefined || source === '' ? {} : { source }), target, readOnly, ...options };
    case 'tmpfs':
      return { type, target, readOnly, ...options };
  }
}

function isBindSource(source: string): boolean {
  return source.startsWith('/') || source.startsWith('.') || source.startsWith('~');
}

function resolveBindSource(source: string, context: PathContext, bad: (why: string) => Error): string {
  if (source === '~' || source.startsWith('~/')) return resolve(context.homeDir, source.slice(2));
  if (source.startsWith('~')) throw bad(`"${source}": only ~/ (the current user's home) is supported, not ~user`);
  return isAbsolute(source) ? resolve(source) : resolve(context.projectDir, source);
}

function checkTarget(target: string, bad: (why: string) => Error): string {
  if (!target.startsWith('/')) throw bad(`the container path "${target}" must be absolute`);
  return target;
}
