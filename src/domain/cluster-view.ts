import type { Color } from './color';
import type { ContainerInfo } from './container';
import type { HostSpec } from './host';
import type { TemplatePart } from './plan';

/** What was gathered before planning: reachable hosts, their containers and images, and stored state. */
export interface ClusterView {
  /** Reachable hosts only. */
  readonly hosts: readonly HostSpec[];
  /** Hosts that did not answer, with the reason (reported; placement avoids them). */
  readonly unreachable: readonly { readonly host: string; readonly reason: string }[];
  /** Containers of the project on every reachable host (any state). */
  readonly containers: readonly ContainerInfo[];
  /** Number of containers (of any project) per host, for placement tie-breaks. */
  readonly totals: ReadonlyMap<string, number>;
  /** Images present per host, as given in the compose file (`name:tag`). */
  readonly images: ReadonlyMap<string, ReadonlySet<string>>;
}

export interface StoredServiceState {
  /** The colour deployed last (docker-flow/<service>/color). */
  readonly color?: Color;
  /** The instance count (docker-flow/<service>/scale). */
  readonly scale?: number;
  /** The colour the proxy routes to, when the service is behind the proxy. */
  readonly routedColor?: Color;
  /** Service paths stored with the route. */
  readonly routedPaths?: readonly string[];
  /** Custom proxy templates the route uses (stored with it, or given / dropped in this invocation). */
  readonly customTemplates?: readonly TemplatePart[];
  /** Next release number. */
  readonly nextRelease: number;
}

export function instancesOf(
  view: ClusterView,
  project: string,
  target: string,
  color: Color | undefined,
  role: 'target' | 'side' = 'target',
): readonly ContainerInfo[] {
  return view.containers
    .filter((c) => c.project === project && c.target === target && c.color === color && c.role === role)
    .sort((a, b) => a.host.localeCompare(b.host) || (a.number ?? 0) - (b.number ?? 0));
}

export function isUp(container: ContainerInfo): boolean {
  return container.state === 'running' || container.state === 'restarting';
}
