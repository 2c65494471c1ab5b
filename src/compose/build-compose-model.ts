import type { ComposeModel, DependencySpec, HealthcheckSpec, NamedVolumeSpec, NetworkSpec, ServiceNetworkOptions, ServiceSpec, VolumeSpec } from '../domain/service-spec';
import { ComposeLocation } from './compose-location';
import { checkDependencies } from './check-dependencies';
import { checkNetworkMode } from './check-network-mode';
import { combineRuntimeKeys } from './merge-runtime-settings';
import { buildNote } from './service-key-policy';
import type { DependencyReference } from './parse-depends-on';
import type { HealthcheckLayer } from './parse-healthcheck';
import { resolveNetworks, resolveVolumes } from './resolve-resources';
import type { ComposeFileLayer, ServiceLayer } from './service-layer';

export interface BuildContext {
  readonly project: string;
  /** The first compose file as the user named it (for errors about the whole project). */
  readonly firstFile: string;
  /** What each service's env files give (resolved, the later file winning), keyed by service name. */
  readonly envFiles: ReadonlyMap<string, Readonly<Record<string, string>>>;
}

/**
 * The merged layers → the final ComposeModel: images required, env files merged under
 * `environment`, named volumes and networks defaulted and checked,
 * depends_on checked. Pure.
 */
export function buildComposeModel(merged: ComposeFileLayer, context: BuildContext): ComposeModel {
  if (Object.keys(merged.services).length === 0) {
    throw new ComposeLocation(context.firstFile).error('defines no services', 'add services:\n  <name>:\n    image: <image>:<tag>');
  }
  const networks = resolveNetworks(merged.networks, context.project);
  const volumes = resolveVolumes(merged.volumes, context.project);
  const services: Record<string, ServiceSpec> = {};
  const names = new Set(Object.keys(merged.services));
  for (const [name, layer] of Object.entries(merged.services)) {
    checkNetworkMode(name, layer, names);
    services[name] = buildService(name, layer, networks, volumes, context);
  }
  checkDependencies(Object.entries(merged.services).map(([name, layer]) => ({ name, dependsOn: dependencies(layer) })));
  return { services, networks, volumes, ...(merged.name === undefined ? {} : { name: merged.name }) };
}

function buildService(name: string, layer: ServiceLayer, networks: Readonly<Record<string, NetworkSpec>>, volumes: Readonly<Record<string, NamedVolumeSpec>>, context: BuildContext): ServiceSpec {
  const files = layer.files.length > 1 ? ` in any of ${[...new Set(layer.files)].join(', ')}` : '';
  if (layer.image === undefined && layer.build) {
    throw layer.where.error(`has build: but no image:${files}; docker-flow deploys images and does not build them`,
      `build and push the image first (docker build -t registry:5000/${name}:1.0 . && docker push registry:5000/${name}:1.0), then add image: registry:5000/${name}:1.0 to services.${name}`);
  }
  if (layer.image === undefined) {
    throw layer.where.error(`has no image:${files}`, `add image: <image>:<tag> to services.${name}; docker-flow deploys existing images`);
  }
  const environment: Record<string, string> = { ...context.envFiles.get(name), ...layer.environment };
  for (const network of layer.networks) {
    if (networks[network.name] === undefined) {
      throw network.where.error(`names network "${network.name}", which is not defined under the top-level networks:`,
        `add networks:\n  ${network.name}: {} at the top level, or use one of: ${Object.keys(networks).sort().join(', ')}`);
    }
  }
  const healthcheck = layer.healthcheck === undefined ? undefined : finishHealthcheck(layer.healthcheck);
  if (layer.scale !== undefined && layer.replicas !== undefined && layer.scale !== layer.replicas) {
    throw layer.where.child('scale').error(`is ${layer.scale} but deploy.replicas is ${layer.replicas}${files}; Compose refuses distinct values`, `give the instance count once: scale: or deploy.replicas:`);
  }
  const replicas = layer.replicas ?? layer.scale;
  // Compose connects the networks of higher priority first, the same priority by name (compose-go NetworksByPriority).
  const joined = layer.networkMode !== undefined ? [] : [...layer.networks].sort((a, b) => (b.options.priority ?? 0) - (a.options.priority ?? 0) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const networkOptions: Record<string, ServiceNetworkOptions> = {};
  for (const network of joined) {
    const options = network.options;
    if (options.aliases.length > 0 || Object.keys(options.driverOpts).length > 0 || options.priority !== undefined) networkOptions[network.name] = options;
  }
  return {
    name,
    image: layer.image,
    ...(layer.command === undefined ? {} : { command: layer.command }),
    ...(layer.entrypoint === undefined ? {} : { entrypoint: layer.entrypoint }),
    environment,
    safeEnv: layer.safeEnv,
    labels: layer.labels,
    ports: layer.ports,
    expose: layer.expose,
    ...(healthcheck === undefined ? {} : { healthcheck }),
    ...(layer.restart === undefined ? {} : { restart: layer.restart }),
    ...(layer.user === undefined ? {} : { user: layer.user }),
    ...(layer.workingDir === undefined ? {} : { workingDir: layer.workingDir }),
    volumes: layer.volumes.map((entry) => checkVolume(entry.spec, entry.where, volumes)),
    networks: layer.networkMode !== undefined ? [] : joined.length === 0 ? ['default'] : joined.map((network) => network.name),
    networkOptions,
    ...(layer.networkMode === undefined ? {} : { networkMode: layer.networkMode.mode }),
    dependsOn: dependencies(layer).map((reference): DependencySpec => ({ service: reference.name, condition: reference.condition ?? 'service_started', required: reference.required ?? true })),
    ...(layer.stopSignal === undefined ? {} : { stopSignal: layer.stopSignal }),
    ...(layer.stopGracePeriodMs === undefined ? {} : { stopGracePeriodMs: layer.stopGracePeriodMs }),
    ...(replicas === undefined ? {} : { replicas }),
    placement: { constraints: layer.constraints, ...(layer.maxReplicasPerNode === undefined ? {} : { maxReplicasPerNode: layer.maxReplicasPerNode }) },
    runtime: combineRuntimeKeys(layer.runtime),
    keyNotes: layer.build ? [...layer.keyNotes, buildNote(layer.where, layer.image)] : layer.keyNotes,
  };
}

/**
 * depends_on, plus what `network_mode: service:<name>` implies (as Compose adds it): the other
 * service is started first.
 */
function dependencies(layer: ServiceLayer): readonly DependencyReference[] {
  const mode = layer.networkMode?.mode;
  const where = layer.networkMode?.where;
  if (mode?.kind !== 'service' || where === undefined || layer.dependsOn.some((d) => d.name === mode.service)) return layer.dependsOn;
  return [...layer.dependsOn, { name: mode.service, where, condition: 'service_started', required: true }];
}

/**
 * A named volume must be declared at the top level; its source stays the Compose key (like
 * `networks`), and ComposeModel.volumes[key].name gives the engine name.
 */
function checkVolume(spec: VolumeSpec, where: ComposeLocation, volumes: Readonly<Record<string, NamedVolumeSpec>>): VolumeSpec {
  if (spec.type !== 'volume' || spec.source === undefined) return spec;
  if (volumes[spec.source] === undefined) {
    throw where.error(`names volume "${spec.source}", which is not defined under the top-level volumes:`,
      `add volumes:\n  ${spec.source}: {} at the top level, or write a path starting with /, ./ or ~/ for a bind mount`);
  }
  return spec;
}

function finishHealthcheck(layer: HealthcheckLayer): HealthcheckSpec {
  if (layer.disable === true) return { test: ['NONE'] };
  return {
    test: layer.test ?? [],
    ...(layer.intervalMs === undefined ? {} : { intervalMs: layer.intervalMs }),
    ...(layer.timeoutMs === undefined ? {} : { timeoutMs: layer.timeoutMs }),
    ...(layer.retries === undefined ? {} : { retries: layer.retries }),
    ...(layer.startPeriodMs === undefined ? {} : { startPeriodMs: layer.startPeriodMs }),
  };
}
