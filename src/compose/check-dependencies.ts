import { ConfigError } from '../errors';
import type { NamedReference } from './service-layer';

export interface DependencyNode {
  readonly name: string;
  readonly dependsOn: readonly NamedReference[];
}

/**
 * Checks `depends_on` across all services: every name must be a defined service, and there must
 * be no cycle (a service waiting, directly or not, for itself). Services are visited in name
 * order so the reported cycle is the same on every run.
 */
export function checkDependencies(services: readonly DependencyNode[]): void {
  const byName = new Map(services.map((service) => [service.name, service]));
  const defined = [...byName.keys()].sort().join(', ');
  for (const service of services) {
    for (const reference of service.dependsOn) {
      if (!byName.has(reference.name)) {
        throw reference.where.error(
          `names service "${reference.name}", which is not defined in the compose files`,
          `define services.${reference.name} or remove it from depends_on; the defined services are: ${defined}`,
        );
      }
    }
  }
  const done = new Set<string>();
  const visit = (name: string, path: readonly NamedReference[], names: readonly string[]): void => {
    if (done.has(name)) return;
    const start = names.indexOf(name);
    if (start !== -1) {
      const cycle = [...names.slice(start), name].join(' → ');
      const where = path[start]?.where;
      const message = `depends_on forms a cycle: ${cycle}`;
      const hint = 'remove one of these dependencies; services that wait for each other can never start';
      throw where === undefined ? new ConfigError(`services.${name}.depends_on`, message, { hint }) : where.error(message, hint);
    }
    for (const reference of byName.get(name)?.dependsOn ?? []) visit(reference.name, [...path, reference], [...names, name]);
    done.add(name);
  };
  for (const name of [...byName.keys()].sort()) visit(name, [], []);
}
