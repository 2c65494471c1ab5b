import { isAbsolute, resolve } from 'node:path';
import type { ComposeLocation } from './compose-location';
import { expectBoolean, expectString, isRawMap } from './raw-value';
import type { EnvFileReference } from './service-layer';

/** `env_file:` as a path, a list of paths, or a list of {path, required, format: dotenv}; paths made absolute. */
export function parseEnvFileList(value: unknown, where: ComposeLocation, projectDir: string): EnvFileReference[] {
  const accepted = 'write a path, a list of paths, or a list of {path: ./app.env, required: false}';
  const items: readonly unknown[] = Array.isArray(value) ? value : [value];
  return items.map((item: unknown, index) => {
    const at = Array.isArray(value) ? where.item(index) : where;
    const map = isRawMap(item) ? item : undefined;
    const unknown = map === undefined ? undefined : Object.keys(map).find((key) => key !== 'path' && key !== 'required' && key !== 'format');
    if (unknown !== undefined) throw at.child(unknown).error('is not a key of an env_file entry', 'use path, required and format');
    const format = map?.['format'];
    if (format !== undefined && format !== null && format !== 'dotenv') {
      throw at.child('format').error(`is ${JSON.stringify(format)}; docker-flow reads env files in Compose's own dotenv format only (other formats come from Compose plugins)`,
        'remove format: (or write format: dotenv) and write the file as KEY=VALUE lines, quoting values with \' to keep them literal');
    }
    const path = expectString(map === undefined ? item : map['path'], map === undefined ? at : at.child('path'), accepted);
    const required = map?.['required'] === undefined ? true : expectBoolean(map['required'], at.child('required'));
    return { path: isAbsolute(path) ? path : resolve(projectDir, path), required, where: at };
  });
}
