import type { ComposeLocation } from './compose-location';
import { resetServiceLayer, servicePaths } from './apply-resets';
import { mergeServiceLayers } from './merge-compose-files';
import type { TagPath } from './merge-tags';
import type { ServiceLayer } from './service-layer';

/** Another compose file (`where` names the extends that asks): its services, parsed but with their own `extends:` not applied, and its merge tags. */
export type ExtendedFileLoader = (absolutePath: string, where: ComposeLocation) => Promise<ExtendedFile>;

export interface ExtendedFile {
  readonly services: Readonly<Record<string, ServiceLayer>>;
  readonly tagPaths: readonly TagPath[];
}

/**
 * Applies `extends:` to the services of one file: each starts from its base service's settings
 * (of the same file, or of `extends.file`, itself resolved the same way, so chains across files
 * work) and its own settings merge on top, with the rules of several -f files. Everything is
 * inherited, depends_on included (compose-go's ExtendService merges the whole service; the
 * Compose specification leaves the referenced services for the author to declare). Relative
 * paths of a service from another file were resolved against that file's folder when it was
 * read. A cycle or a missing base is a ConfigError.
 */
export async function resolveExtends(current: ExtendedFile, file: string, load: ExtendedFileLoader): Promise<Record<string, ServiceLayer>> {
  const resolved = new Map<string, Promise<ServiceLayer>>();
  const resolveOne = (inFile: string, source: ExtendedFile, name: string, chain: readonly string[]): Promise<ServiceLayer> => {
    const pool = source.services;
    const id = `${inFile}#${name}`;
    const known = resolved.get(id);
    if (known !== undefined) return known;
    const layer = pool[name];
    if (layer === undefined) throw new Error(`resolveExtends: ${id} was checked to exist`);
    const promise = (async (): Promise<ServiceLayer> => {
      const reference = layer.extends;
      if (reference === undefined) return layer;
      const baseFile = reference.file ?? inFile;
      const baseSource = reference.file === undefined ? source : await load(reference.file, reference.where);
      const basePool = baseSource.services;
      const baseId = `${baseFile}#${reference.name}`;
      const path = [...chain, id];
      if (path.includes(baseId)) {
        throw reference.where.error(`extends forms a cycle: ${[...path.slice(path.indexOf(baseId)), baseId].map(describe(file)).join(' → ')}`, 'let one of these services stand on its own');
      }
      if (basePool[reference.name] === undefined) {
        const where = reference.file === undefined ? 'this file' : reference.file;
        throw reference.where.error(`names service "${reference.name}", which ${where} does not define`, `extend one of: ${Object.keys(basePool).sort().join(', ') || '(no services)'}`);
      }
      const base = await resolveOne(baseFile, baseSource, reference.name, path);
      const { extends: _resolved, ...own } = layer;
      // this file's !reset / !override under services.<name> clear what the base sets (compose-go applies them to the base)
      return { ...mergeServiceLayers(resetServiceLayer(base, servicePaths(source.tagPaths, name)), own), where: layer.where, files: layer.files };
    })();
    resolved.set(id, promise);
    return promise;
  };
  const result: Record<string, ServiceLayer> = {};
  for (const name of Object.keys(current.services)) result[name] = await resolveOne(file, current, name, []);
  return result;
}

/** `web` for a service of the file being resolved, `base.yml#web` for one of another file. */
function describe(file: string): (id: string) => string {
  return (id) => (id.startsWith(`${file}#`) ? id.slice(file.length + 1) : id);
}
