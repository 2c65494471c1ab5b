import { mergeServiceLayers } from './merge-compose-files';
import type { ServiceLayer } from './service-layer';

/**
 * Applies `extends:` within one file: the service starts from the base service's settings and
 * its own settings merge on top (the same rules as several -f files). Like Compose, depends_on
 * is never inherited. Chains are followed; a cycle or a missing base is a ConfigError.
 */
export function resolveExtends(services: Readonly<Record<string, ServiceLayer>>): Record<string, ServiceLayer> {
  const resolved = new Map<string, ServiceLayer>();
  const resolve = (name: string, chain: readonly string[]): ServiceLayer | undefined => {
    const done = resolved.get(name);
    if (done !== undefined) return done;
    const layer = services[name];
    if (layer === undefined) return undefined;
    const reference = layer.extends;
    let result = layer;
    if (reference !== undefined) {
      if (chain.includes(reference.name)) {
        throw reference.where.error(`extends forms a cycle: ${[...chain, name, reference.name].slice(chain.indexOf(reference.name)).join(' → ')}`, 'let one of these services stand on its own');
      }
      const base = resolve(reference.name, [...chain, name]);
      if (base === undefined) {
        throw reference.where.error(`names service "${reference.name}", which this file does not define`,
          `extend one of: ${Object.keys(services).sort().join(', ')}; to combine files use several -f files instead of extends: file:`);
      }
      const { extends: _ignored, ...own } = layer;
      result = { ...mergeServiceLayers({ ...base, dependsOn: [] }, own), where: layer.where, files: layer.files };
    }
    resolved.set(name, result);
    return result;
  };
  const result: Record<string, ServiceLayer> = {};
  for (const name of Object.keys(services)) {
    const layer = resolve(name, []);
    if (layer !== undefined) result[name] = layer;
  }
  return result;
}
