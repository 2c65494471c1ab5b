import type { Color } from './color';

/** The proxy route of one service, stored at `docker-flow/<service>/route`. */
export interface RouteRecord {
  readonly service: string;
  readonly project: string;
  readonly target: string;
  /** The routed colour; absent for services deployed without blue-green. */
  readonly color?: Color;
  readonly paths: readonly string[];
  readonly port: number;
  /** Servers the proxy sends requests to: the routed instances at their host's address. */
  readonly servers: readonly { readonly name: string; readonly host: string; readonly address: string; readonly port: number }[];
  /** During a canary: the new colour, its share of requests (1-99) and its servers; `color` keeps the rest. */
  readonly canary?: { readonly color: Color; readonly percent: number; readonly servers: RouteRecord['servers'] };
  /** Custom templates (text), when given with --consul-template-fe-path / -be-path. */
  readonly frontendTemplate?: string;
  readonly backendTemplate?: string;
  /** --proxy-server-maxconn: most requests one instance is sent at once (HAProxy server maxconn); absent: no limit. */
  readonly serverMaxconn?: number;
  /** ISO time of the last change. */
  readonly updatedAt: string;
  /**
   * Present while docker-flow switches the proxy to this record: written before the reload and
   * removed once the proxy serves it. A docker-flow killed in between leaves it, so the next run
   * (or `proxy watch`) knows the proxy may serve either and settles it (see settleSwitch).
   */
  readonly switching?: { readonly since: string; readonly previous?: RouteRecord };
}

/** The record without its switch marker: what the proxy serves once a switch is settled. */
export function settledRoute(route: RouteRecord): RouteRecord {
  const { switching: _switching, ...rest } = route;
  return rest;
}

/** `aborted`: a stepped canary failed a step (or was stopped); the old colour serves again. */
export type ReleaseResult = 'in-progress' | 'succeeded' | 'failed' | 'rolled-back' | 'aborted';

/** One deploy, stored at `docker-flow/<service>/releases/<number, 8 digits>`. */
export interface ReleaseRecord {
  readonly number: number;
  readonly service: string;
  readonly startedAt: string;
  readonly finishedAt?: string;
  /** user@hostname */
  readonly who: string;
  readonly color?: Color;
  readonly previousColor?: Color;
  readonly scale: number;
  /** Per compose service deployed: the image reference and what it resolved to. */
  readonly images: Readonly<Record<string, { readonly image: string; readonly id?: string; readonly digests: readonly string[] }>>;
  /** sha256 of the compose files and the effective options. */
  readonly configHash: string;
  readonly hosts: readonly string[];
  readonly result: ReleaseResult;
  readonly error?: string;
  /** Set on a release made by `rollback`: the release it restored. */
  readonly rollbackTo?: number;
}
