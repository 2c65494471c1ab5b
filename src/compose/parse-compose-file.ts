import { ComposeLocation } from './compose-location';
import { composeServiceKeys } from './compose-service-keys';
import { parseService } from './parse-service';
import type { ServiceContext } from './parse-service';
import type { TagPath } from './merge-tags';
import { parseNetworks, parseVolumes } from './parse-resources';
import { expectMap, expectScalar, isRawMap } from './raw-value';
import type { RawMap } from './raw-value';
import type { ComposeFileLayer, ProjectNameLayer, ServiceLayer } from './service-layer';

const topLevelKeys = new Set(['version', 'name', 'services', 'networks', 'volumes', 'secrets', 'configs']);
const servicePattern = /^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/;

/**
 * One parsed and interpolated compose document → a typed layer, its services' `extends:` not yet
 * applied (see resolveExtends). `version:` is ignored, so v2, v3 and version-less files read the
 * same way; `name:` is kept (see checkProjectName in flows/check-compose-keys); top-level `secrets:`,
 * `configs:` and `x-*` are accepted (services that use secrets or configs are refused); any
 * other top-level key is an error.
 */
export function parseComposeFile(document: unknown, file: string, context: ServiceContext, tagPaths: readonly TagPath[] = []): ComposeFileLayer {
  const root = new ComposeLocation(file);
  if (document === null || document === undefined) throw root.error('is empty', 'a compose file needs at least services: with one service and its image:');
  const map = expectMap(document, root, 'a compose file is a map with services:, and optionally networks:, volumes:, version:');
  checkNotVersion1(map, root);
  for (const key of Object.keys(map)) {
    if (!key.startsWith('x-') && !topLevelKeys.has(key)) throw unknownTopLevelKey(map, key, root.child(key));
  }
  const name = parseProjectName(map['name'], root.child('name'));
  return {
    services: parseServices(map['services'], root.child('services'), context),
    networks: parseNetworks(map['networks'], root.child('networks')),
    volumes: parseVolumes(map['volumes'], root.child('volumes')),
    tagPaths,
    ...(name === undefined ? {} : { name }),
  };
}

/** Top-level `name:`, which Compose requires to be a valid project name (compose-go's loader: lowercase letters, digits, dashes and underscores, starting with a letter or digit). */
function parseProjectName(value: unknown, where: ComposeLocation): ProjectNameLayer | undefined {
  if (value === undefined || value === null) return undefined;
  const name = expectScalar(value, where, 'write name: <project>');
  if (!/^[a-z0-9][a-z0-9_-]*$/.test(name)) {
    throw where.error(`"${name}" is not a project name`, 'use lowercase letters, digits, dashes and underscores, starting with a letter or digit');
  }
  return { value: name, at: where.key };
}

/**
 * The version-1 format (2014–2016) had no `services:` key: each service sat at the top level.
 * Compose no longer reads it. A file without `services:` or `version:` whose top-level entries
 * are maps of service keys (image, build, extends, ...) is one.
 */
function checkNotVersion1(map: RawMap, root: ComposeLocation): void {
  const version = map['version'];
  if (map['services'] !== undefined || (version !== undefined && !(version === '1' || version === 1))) return;
  const services = Object.entries(map).filter(([key, value]) => !key.startsWith('x-') && isRawMap(value) && Object.keys(value).some((k) => composeServiceKeys.has(k)));
  if (services.length === 0 || services.length !== Object.keys(map).filter((key) => !key.startsWith('x-') && key !== 'version').length) return;
  const names = services.map(([key]) => key);
  throw root.error(`uses the old version-1 format: its services (${names.join(', ')}) sit at the top level, without a services: key; Compose and docker-flow no longer read that format`,
    `convert it: put the services under a top-level services: key (services:\n  ${names[0] ?? 'web'}:\n    image: ...), write links: as networks (services reach each other by name on the project network), net: as network_mode:, and volumes_from: as volumes`);
}

/** Top-level keys of the Compose specification docker-flow does not support, with the fix. */
const unsupportedTopLevel: Readonly<Record<string, string>> = {
  include: 'give the other compose files with -f (each -f file merges over the ones before it)',
  models: 'remove models: docker-flow does not run Docker Model Runner models',
};

function unknownTopLevelKey(map: RawMap, key: string, where: ComposeLocation): Error {
  const unsupported = unsupportedTopLevel[key];
  if (unsupported !== undefined) return where.error('is a Compose key docker-flow does not support', unsupported);
  const value = map[key];
  const looksLikeService = map['services'] === undefined && isRawMap(value) && (value['image'] !== undefined || value['build'] !== undefined);
  return where.error(
    looksLikeService ? 'looks like a service written in the old version 1 format' : 'is not a top-level key of a compose file',
    looksLikeService
      ? `move the services under a top-level services: key (services:\n  ${key}:\n    image: ...)`
      : 'top-level keys are services, networks, volumes, secrets, configs, version, name and x-* extensions; indent service settings under services.<name>',
  );
}

function parseServices(value: unknown, where: ComposeLocation, context: ServiceContext): Record<string, ServiceLayer> {
  if (value === undefined || value === null) return {};
  const services = expectMap(value, where, 'write services as a map of service name to its settings (services:\n  app:\n    image: ...)');
  const result: Record<string, ServiceLayer> = {};
  for (const [name, raw] of Object.entries(services)) {
    if (!servicePattern.test(name)) {
      throw where.child(name).error(`"${name}" is not a valid service name`, 'use letters, digits, ".", "_" and "-", starting with a letter or digit');
    }
    result[name] = parseService(raw, where.child(name), context);
  }
  return result;
}
