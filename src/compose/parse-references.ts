import { isAbsolute, resolve } from 'node:path';
import type { ComposeLocation } from './compose-location';
import { describeValue, expectBoolean, expectString, isRawMap } from './raw-value';
import type { EnvFileReference, NamedReference } from './service-layer';

/** `networks:` / `depends_on:` of a service, in list (`[db, cache]`) or map (`{db: {...}}`) form. */
export function parseNameList(value: unknown, where: ComposeLocation, what: string): NamedReference[] {
  const accepted = `write a list of ${what} names or a map keyed by ${what} name`;
  if (Array.isArray(value)) {
    return value.map((item: unknown, index) => ({ name: expectString(item, where.item(index), accepted), where: where.item(index) }));
  }
  if (isRawMap(value)) {
    return Object.entries(value).map(([name, options]) => {
      if (options !== null && !isRawMap(options)) throw where.child(name).error(`must be a map of options, found ${describeValue(options)}`, accepted);
      return { name, where: where.child(name) };
    });
  }
  throw where.error(`must be a list or a map, found ${describeValue(value)}`, accepted);
}

/** `env_file:` as a path, a list of paths, or a list of {path, required}; paths made absolute. */
export function parseEnvFileList(value: unknown, where: ComposeLocation, projectDir: string): EnvFileReference[] {
  const accepted = 'write a path, a list of paths, or a list of {path: ./app.env, required: false}';
  const items: readonly unknown[] = Array.isArray(value) ? value : [value];
  return items.map((item: unknown, index) => {
    const at = Array.isArray(value) ? where.item(index) : where;
    const map = isRawMap(item) ? item : undefined;
    const path = expectString(map === undefined ? item : map['path'], map === undefined ? at : at.child('path'), accepted);
    const required = map?.['required'] === undefined ? true : expectBoolean(map['required'], at.child('required'));
    return { path: isAbsolute(path) ? path : resolve(projectDir, path), required, where: at };
  });
}
