import type { DockerEngine } from '../ports/docker-engine';
import { composeLabel, flowLabel } from '../domain/labels';
import type { PlanStep } from '../domain/plan';
import { networkDifferences, volumeDifferences } from '../domain/resource-spec';
import { ConfigError } from '../errors';

type EnsureNetwork = Extract<PlanStep, { readonly kind: 'ensure-network' }>;
type EnsureVolume = Extract<PlanStep, { readonly kind: 'ensure-volume' }>;

/**
 * A network of the compose file on one host: created with every setting of the file (labelled as
 * Compose labels it, plus docker-flow's project) when missing. An existing one is used only when
 * it has the file's settings: docker-flow never recreates a network containers may be using. An
 * external one must exist.
 */
export function ensureNetwork(engine: DockerEngine, step: EnsureNetwork, project: string, signal: AbortSignal): Promise<void> {
  return ensureResource({
    what: 'network', key: step.key, wanted: step.network, host: engine.host.name, project,
    inspect: (name) => engine.inspectNetwork(name, signal),
    create: (labels) => engine.createNetwork(step.network, labels, signal),
    differences: (found) => networkDifferences(step.network, found),
  });
}

/** A named volume of the compose file on one host, likewise. */
export function ensureVolume(engine: DockerEngine, step: EnsureVolume, project: string, signal: AbortSignal): Promise<void> {
  return ensureResource({
    what: 'volume', key: step.key, wanted: step.volume, host: engine.host.name, project,
    inspect: (name) => engine.inspectVolume(name, signal),
    create: (labels) => engine.createVolume(step.volume, labels, signal),
    differences: (found) => volumeDifferences(step.volume, found),
  });
}

interface ResourceCall<T> {
  readonly what: 'network' | 'volume';
  readonly key: string;
  readonly wanted: { readonly name: string; readonly external: boolean };
  readonly host: string;
  readonly project: string;
  readonly inspect: (name: string) => Promise<T | undefined>;
  readonly create: (labels: Readonly<Record<string, string>>) => Promise<void>;
  readonly differences: (found: T) => readonly string[];
}

async function ensureResource<T>(call: ResourceCall<T>): Promise<void> {
  const { what, wanted, host } = call;
  const key = `compose: ${what}s.${call.key}`;
  const found = await call.inspect(wanted.name);
  if (found === undefined && wanted.external) {
    throw new ConfigError(key, `is external, but no ${what} ${wanted.name} exists on ${host}; docker-flow does not create an external ${what}`, {
      hint: `create it on ${host} first (docker ${what} create ${wanted.name}), or remove external: true to let docker-flow create it`,
    });
  }
  if (found === undefined) {
    return call.create({ [composeLabel.project]: call.project, [what === 'network' ? composeLabel.network : composeLabel.volume]: call.key, [flowLabel.project]: call.project });
  }
  const differences = wanted.external ? [] : call.differences(found);
  if (differences.length === 0) return;
  throw new ConfigError(key, `the ${what} ${wanted.name} on ${host} exists with other settings than the compose file gives: ${differences.join('; ')}; docker-flow does not recreate a ${what} that containers may be using`, {
    hint: `make the file match it, or remove it on ${host} once nothing uses it (docker ${what} rm ${wanted.name}) so that docker-flow creates it with the file's settings, or give the file's ${what} another name (name:)`,
  });
}
