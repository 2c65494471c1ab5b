import type { ClusterView, StoredServiceState } from '../../src/domain/cluster-view';
import type { Color } from '../../src/domain/color';
import type { ContainerInfo } from '../../src/domain/container';
import type { HostSpec } from '../../src/domain/host';
import type { DeployInput } from '../../src/domain/plan-deploy';
import type { ComposeModel, ServiceSpec } from '../../src/domain/service-spec';

export function service(name: string, overrides: Partial<ServiceSpec> = {}): ServiceSpec {
  return {
    name,
    image: `${name}:v1`,
    environment: {},
    safeEnv: [],
    labels: {},
    ports: [{ containerPort: 8080, protocol: 'tcp' }],
    expose: [],
    volumes: [],
    networks: ['default'],
    networkOptions: {},
    dependsOn: [],
    placement: { constraints: [] },
    runtime: {},
    keyNotes: [],
    ...overrides,
  };
}

export function model(...services: ServiceSpec[]): ComposeModel {
  return {
    services: Object.fromEntries(services.map((s) => [s.name, s])),
    networks: { default: { name: 'demo_default', external: false, driverOpts: {}, labels: {}, internal: false, attachable: false, enableIpv6: false } },
    volumes: {},
  };
}

export function host(name: string, labels: Record<string, string> = {}): HostSpec {
  return { name, endpoint: { scheme: 'unix', socketPath: `/tmp/${name}/docker.sock` }, address: '127.0.0.1', labels };
}

export function container(name: string, o: { host?: string; target?: string; color?: Color; number?: number; state?: ContainerInfo['state']; role?: 'target' | 'side'; image?: string; release?: number } = {}): ContainerInfo {
  return {
    id: `id-${name}`,
    name,
    host: o.host ?? 'local',
    state: o.state ?? 'running',
    health: 'healthy',
    image: o.image ?? 'app:v1',
    imageId: 'sha256:1',
    labels: {},
    publishedPorts: [],
    restartCount: 0,
    project: 'demo',
    target: o.target ?? 'app',
    ...(o.color === undefined ? {} : { color: o.color }),
    number: o.number ?? 1,
    role: o.role ?? 'target',
    ...(o.release === undefined ? {} : { release: o.release }),
  };
}

export function view(o: { hosts?: HostSpec[]; containers?: ContainerInfo[]; images?: Record<string, string[]> } = {}): ClusterView {
  const hosts = o.hosts ?? [host('local')];
  return {
    hosts,
    unreachable: [],
    containers: o.containers ?? [],
    totals: new Map(hosts.map((h) => [h.name, (o.containers ?? []).filter((c) => c.host === h.name).length])),
    images: new Map(hosts.map((h) => [h.name, new Set(o.images?.[h.name] ?? [])])),
  };
}

export function stored(o: Partial<StoredServiceState> = {}): StoredServiceState {
  return { nextRelease: 1, ...o };
}

/** A blue-green deploy of `app` (with a side target `db`) in project demo on the local host, default timings. */
export function deployInput(o: Partial<DeployInput> = {}): DeployInput {
  return {
    project: 'demo',
    target: 'app',
    sideTargets: [],
    blueGreen: true,
    model: model(service('app'), service('db', { image: 'db:v1', ports: [] })),
    view: view(),
    stored: stored(),
    pullSideTargets: false,
    healthTimeoutMs: 120_000,
    settleMs: 3000,
    drainMs: 10_000,
    ...o,
  };
}
