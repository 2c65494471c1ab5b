import type { TagPath } from './merge-tags';
import type { HealthcheckLayer } from './parse-healthcheck';
import type { NetworkLayer, ResourceLayer } from './parse-resources';
import type { ComposeFileLayer, ServiceLayer } from './service-layer';
import type { ServiceNetworkOptions } from '../domain/service-spec';

/**
 * What a later file's `!reset` / `!override` paths clear in the state the earlier files (or an
 * `extends:` base) made, as compose-go's ResetProcessor.Apply deletes them before merging. A path
 * into a list item (`ports[0]`) changes nothing here, as in compose-go (the item was dropped from
 * its own file); a path under a key docker-flow does not read changes nothing either.
 */
export function resetFileLayer(layer: ComposeFileLayer, paths: readonly TagPath[]): ComposeFileLayer {
  if (paths.length === 0) return layer;
  return {
    services: resetEach(layer.services, paths, 'services', resetServiceLayer),
    networks: resetEach(layer.networks, paths, 'networks', resetNetworkLayer),
    volumes: resetEach(layer.volumes, paths, 'volumes', resetResourceLayer),
  };
}

/** The paths under `services.<name>`, relative to the service. */
export function servicePaths(paths: readonly TagPath[], name: string): readonly TagPath[] {
  return paths.filter((p) => p[0] === 'services' && p[1] === name).map((p) => p.slice(2));
}

/** One service with the given paths (relative to it) cleared. */
export function resetServiceLayer(service: ServiceLayer, paths: readonly TagPath[]): ServiceLayer {
  return paths.reduce((s, [key = '', sub, third]) => {
    const handler = serviceResets[key];
    return withoutKey(handler === undefined ? s : handler(s, sub, third), key, sub);
  }, service);
}

/**
 * A carried key (runtime-keys.ts) or a refused / warned one cleared, or a part of it: a part of a
 * carried key clears the whole key's settings only for deploy.resources (the others are replaced
 * whole by the later file anyway when it writes them).
 */
function withoutKey(s: ServiceLayer, key: string, sub: string | undefined): ServiceLayer {
  const runtimeKey = key === 'deploy' ? (sub === undefined || sub === 'resources' ? 'deploy' : undefined) : sub === undefined ? key : undefined;
  const runtime = runtimeKey === undefined || s.runtime[runtimeKey] === undefined ? s.runtime : Object.fromEntries(Object.entries(s.runtime).filter(([k]) => k !== runtimeKey));
  const prefix = sub === undefined ? key : `${key}.${sub}`;
  const keyNotes = s.keyNotes.filter((note) => note.key !== prefix && !note.key.startsWith(`${prefix}.`));
  return runtime === s.runtime && keyNotes.length === s.keyNotes.length ? s : { ...s, runtime, keyNotes };
}

function resetEach<T>(items: Readonly<Record<string, T>>, paths: readonly TagPath[], top: string, reset: (item: T, paths: readonly TagPath[]) => T): Record<string, T> {
  if (paths.some((p) => p.length === 1 && p[0] === top)) return {};
  const result: Record<string, T> = {};
  for (const [name, item] of Object.entries(items)) {
    const own = paths.filter((p) => p[0] === top && p[1] === name).map((p) => p.slice(2));
    if (own.some((p) => p.length === 0)) continue;
    result[name] = own.length === 0 ? item : reset(item, own);
  }
  return result;
}

type ServiceReset = (s: ServiceLayer, sub: string | undefined, third: string | undefined) => ServiceLayer;

/** Per service key docker-flow reads: what clearing it, or a part of it, leaves. */
const serviceResets: Readonly<Record<string, ServiceReset>> = {
  image: ({ image: _, ...s }) => s,
  build: (s) => ({ ...s, build: false }),
  command: ({ command: _, ...s }) => s,
  entrypoint: ({ entrypoint: _, ...s }) => s,
  restart: ({ restart: _, ...s }) => s,
  user: ({ user: _, ...s }) => s,
  working_dir: ({ workingDir: _, ...s }) => s,
  stop_signal: ({ stopSignal: _, ...s }) => s,
  stop_grace_period: ({ stopGracePeriodMs: _, ...s }) => s,
  network_mode: ({ networkMode: _, ...s }) => s,
  scale: ({ scale: _, ...s }) => s,
  extends: ({ extends: _, ...s }) => s,
  healthcheck: (s, sub) => {
    const { healthcheck, ...rest } = s;
    if (sub === undefined || healthcheck === undefined) return rest;
    return { ...rest, healthcheck: resetHealthcheck(healthcheck, sub) };
  },
  deploy: (s, sub, third) => {
    const { replicas, maxReplicasPerNode, constraints, ...rest } = s;
    const placement = sub === undefined || (sub === 'placement' && third === undefined);
    const clearReplicas = sub === undefined || sub === 'replicas';
    const clearConstraints = placement || (sub === 'placement' && third === 'constraints');
    const clearMax = placement || (sub === 'placement' && third === 'max_replicas_per_node');
    return {
      ...rest,
      constraints: clearConstraints ? [] : constraints,
      ...(clearReplicas || replicas === undefined ? {} : { replicas }),
      ...(clearMax || maxReplicasPerNode === undefined ? {} : { maxReplicasPerNode }),
    };
  },
  environment: (s, sub) => ({ ...s, environment: sub === undefined ? {} : without(s.environment, sub) }),
  labels: (s, sub) => ({ ...s, labels: sub === undefined ? {} : without(s.labels, sub) }),
  env_file: (s, sub) => (sub === undefined ? { ...s, envFiles: [] } : s),
  ports: (s, sub) => (sub === undefined ? { ...s, ports: [] } : s),
  expose: (s, sub) => (sub === undefined ? { ...s, expose: [] } : s),
  volumes: (s, sub) => (sub === undefined ? { ...s, volumes: s.volumes.filter((v) => v.key !== 'volumes') } : s),
  tmpfs: (s, sub) => (sub === undefined ? { ...s, volumes: s.volumes.filter((v) => v.key !== 'tmpfs') } : s),
  'x-docker-flow-safe-env': (s, sub) => (sub === undefined ? { ...s, safeEnv: [] } : s),
  networks: (s, sub, third) => {
    if (sub === undefined) return { ...s, networks: [] };
    if (third === undefined) return { ...s, networks: s.networks.filter((n) => n.name !== sub) };
    return { ...s, networks: s.networks.map((n) => (n.name === sub ? { ...n, options: resetNetworkOptions(n.options, third) } : n)) };
  },
  depends_on: (s, sub, third) => {
    if (sub === undefined) return { ...s, dependsOn: [] };
    if (third === undefined) return { ...s, dependsOn: s.dependsOn.filter((d) => d.name !== sub) };
    return {
      ...s,
      dependsOn: s.dependsOn.map((d) => {
        if (d.name !== sub) return d;
        const { condition, required, ...rest } = d;
        return { ...rest, ...(third === 'condition' || condition === undefined ? {} : { condition }), ...(third === 'required' || required === undefined ? {} : { required }) };
      }),
    };
  },
};

function resetNetworkOptions(options: ServiceNetworkOptions, key: string): ServiceNetworkOptions {
  const { priority, ...rest } = options;
  if (key === 'aliases') return { ...options, aliases: [] };
  if (key === 'driver_opts') return { ...options, driverOpts: {} };
  return key === 'priority' || priority === undefined ? rest : options;
}

function resetHealthcheck(check: HealthcheckLayer, sub: string): HealthcheckLayer {
  const { test, disable, intervalMs, timeoutMs, retries, startPeriodMs } = check;
  return {
    ...(test === undefined || sub === 'test' ? {} : { test }),
    ...(disable === undefined || sub === 'disable' ? {} : { disable }),
    ...(intervalMs === undefined || sub === 'interval' ? {} : { intervalMs }),
    ...(timeoutMs === undefined || sub === 'timeout' ? {} : { timeoutMs }),
    ...(retries === undefined || sub === 'retries' ? {} : { retries }),
    ...(startPeriodMs === undefined || sub === 'start_period' ? {} : { startPeriodMs }),
  };
}

function resetNetworkLayer(layer: NetworkLayer, paths: readonly TagPath[]): NetworkLayer {
  return paths.reduce<NetworkLayer>((n, path) => {
    const [key = '', sub, third] = path;
    const { internal, attachable, enableIpv6, ipam, ...resource } = n;
    const kept = {
      ...resetResourceLayer(resource, [path]),
      ...(internal === undefined || key === 'internal' ? {} : { internal }),
      ...(attachable === undefined || key === 'attachable' ? {} : { attachable }),
      ...(enableIpv6 === undefined || key === 'enable_ipv6' ? {} : { enableIpv6 }),
    };
    if (ipam === undefined || (key === 'ipam' && sub === undefined)) return kept;
    if (key !== 'ipam') return { ...kept, ipam };
    const { driver, config, options } = ipam;
    return {
      ...kept,
      ipam: {
        ...(driver === undefined || sub === 'driver' ? {} : { driver }),
        ...(config === undefined || sub === 'config' ? {} : { config }),
        options: sub !== 'options' ? options : third === undefined ? {} : without(options, third),
      },
    };
  }, layer);
}

function resetResourceLayer(layer: ResourceLayer, paths: readonly TagPath[]): ResourceLayer {
  return paths.reduce<ResourceLayer>((r, [key = '', sub]) => {
    const { name, external, driver, ...rest } = r;
    const written = sub === undefined ? without(r.written, key) : r.written;
    return {
      ...rest,
      written,
      ...(name === undefined || key === 'name' ? {} : { name }),
      ...(external === undefined || key === 'external' ? {} : { external }),
      ...(driver === undefined || key === 'driver' ? {} : { driver }),
      driverOpts: key !== 'driver_opts' ? r.driverOpts : sub === undefined ? {} : without(r.driverOpts, sub),
      labels: key !== 'labels' ? r.labels : sub === undefined ? {} : without(r.labels, sub),
    };
  }, layer);
}

function without<T>(map: Readonly<Record<string, T>>, key: string): Record<string, T> {
  const { [key]: _, ...rest } = map;
  return rest;
}
