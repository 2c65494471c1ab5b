import type { ComposeModel } from '../domain/service-spec';
import { ConfigError } from '../errors';
import type { ConfigPrefill } from './render-config-file';

/**
 * What `docker-flow init` fills in from the compose file: the target (the one given, else the
 * first service that publishes a port and no other service depends on, else the first such service
 * with `expose`, else the first service), its `depends_on` services as side targets, and `/<target>`
 * as a guess of the service path. Pure.
 */
export function guessPrefill(model: ComposeModel, composeFile: string, given?: string): ConfigPrefill {
  const names = Object.keys(model.services);
  const target = given ?? guessTarget(model, names);
  if (target === undefined) return new Map();
  const spec = model.services[target];
  if (spec === undefined) {
    throw new ConfigError('--target', `"${target}" is not a service of ${composeFile}; its services: ${names.join(', ') || 'none'}`, {
      hint: `docker-flow init --target=<one of ${names.join(', ')}>`,
    });
  }
  const sides = spec.dependsOn.map((d) => d.service).filter((name) => name !== target && model.services[name] !== undefined);
  return new Map<string, string | readonly string[]>([
    ['target', target],
    ...(sides.length === 0 ? [] : [['side_targets', sides] as const]),
    ['service_path', [`/${target}`]],
  ]);
}

function guessTarget(model: ComposeModel, names: readonly string[]): string | undefined {
  const dependedOn = new Set(names.flatMap((name) => (model.services[name]?.dependsOn ?? []).map((d) => d.service)));
  const top = names.filter((name) => !dependedOn.has(name));
  const publishes = (name: string): boolean => (model.services[name]?.ports.length ?? 0) > 0;
  const exposes = (name: string): boolean => (model.services[name]?.expose.length ?? 0) > 0;
  return top.find(publishes) ?? names.find(publishes) ?? top.find(exposes) ?? top[0] ?? names[0];
}
