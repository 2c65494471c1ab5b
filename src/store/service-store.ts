import type { KvEntry, KvStore } from '../adapters/state/kv-store';
import type { StoredServiceState } from '../domain/cluster-view';
import { isColor, type Color } from '../domain/color';
import { ConflictError } from '../errors';
import type { ReleaseRecord, RouteRecord } from '../domain/records';
import { customTemplatesOf, type TemplatePart } from '../domain/plan';

const prefix = 'docker-flow/';
export const stateKeys = {
  color: (service: string) => `${prefix}${service}/color`,
  scale: (service: string) => `${prefix}${service}/scale`,
  route: (service: string) => `${prefix}${service}/route`,
  release: (service: string, n: number) => `${prefix}${service}/releases/${String(n).padStart(8, '0')}`,
  releases: (service: string) => `${prefix}${service}/releases/`,
};

/** What was read, with the indexes every later write checks (check-and-set). */
export interface ServiceSnapshot {
  readonly service: string;
  readonly state: StoredServiceState;
  readonly route?: RouteRecord;
  readonly releases: readonly ReleaseRecord[];
  readonly index: { readonly color: number; readonly scale: number; readonly route: number };
}

/**
 * docker-flow's state of one service on a KvStore (Consul KV or the embedded store): colour and
 * scale under the keys the original used, the proxy route and the release history. Every write is
 * check-and-set against what was read; losing a race is a ConflictError, never a silent overwrite.
 */
export class ServiceStore {
  /** `kv`: the store itself, also for records beside the services' own (the agent's). */
  constructor(readonly kv: KvStore) {}

  get description(): string {
    return this.kv.description;
  }

  async read(service: string, signal: AbortSignal): Promise<ServiceSnapshot> {
    const [color, scale, route, releases] = await Promise.all([
      this.kv.get(stateKeys.color(service), signal),
      this.kv.get(stateKeys.scale(service), signal),
      this.kv.get(stateKeys.route(service), signal),
      this.kv.list(stateKeys.releases(service), signal),
    ]);
    const records = releases.map((e) => parseJson<ReleaseRecord>(e)).filter((r): r is ReleaseRecord => r !== undefined).sort((a, b) => b.number - a.number);
    const routeRecord = route === undefined ? undefined : parseJson<RouteRecord>(route);
    const scaleValue = scale === undefined ? undefined : Number.parseInt(scale.value, 10);
    const state: StoredServiceState = {
      ...(color !== undefined && isColor(color.value) ? { color: color.value } : {}),
      ...(scaleValue !== undefined && Number.isInteger(scaleValue) && scaleValue > 0 ? { scale: scaleValue } : {}),
      ...(routeRecord?.color === undefined ? {} : { routedColor: routeRecord.color }),
      ...(routeRecord === undefined ? {} : { routedPaths: routeRecord.paths }),
      ...(routeRecord === undefined ? {} : customTemplatesOf({ customTemplates: storedTemplates(routeRecord) })),
      nextRelease: (records[0]?.number ?? 0) + 1,
    };
    return {
      service,
      state,
      ...(routeRecord === undefined ? {} : { route: routeRecord }),
      releases: records,
      index: { color: color?.modifyIndex ?? 0, scale: scale?.modifyIndex ?? 0, route: route?.modifyIndex ?? 0 },
    };
  }

  /** Records the live colour and the scale (after a healthy deploy or scale). */
  async commit(snapshot: ServiceSnapshot, change: { readonly color: Color | undefined; readonly scale: number }, signal: AbortSignal): Promise<void> {
    if (change.color !== undefined && change.color !== snapshot.state.color) {
      await this.put(stateKeys.color(snapshot.service), change.color, snapshot.index.color, signal);
    }
    if (change.scale !== snapshot.state.scale) {
      await this.put(stateKeys.scale(snapshot.service), String(change.scale), snapshot.index.scale, signal);
    }
  }

  async writeRoute(service: string, route: RouteRecord, expectedIndex: number, signal: AbortSignal): Promise<void> {
    await this.put(stateKeys.route(service), JSON.stringify(route), expectedIndex, signal);
  }

  /** The route's current index, for the next check-and-set (0: no route). */
  async routeIndex(service: string, signal: AbortSignal): Promise<number> {
    return (await this.kv.get(stateKeys.route(service), signal))?.modifyIndex ?? 0;
  }

  /** Removes the route (check-and-set): the proxy no longer routes the service. */
  async deleteRoute(service: string, expectedIndex: number, signal: AbortSignal): Promise<void> {
    const key = stateKeys.route(service);
    if (!(await this.kv.delete(key, { cas: expectedIndex }, signal))) throw this.conflict(key);
  }

  /** Writes a release record; the same number may be rewritten (in-progress → result). */
  async writeRelease(record: ReleaseRecord, signal: AbortSignal): Promise<void> {
    const key = stateKeys.release(record.service, record.number);
    const current = await this.kv.get(key, signal);
    await this.put(key, JSON.stringify(record), current?.modifyIndex ?? 0, signal);
  }

  /** Every route of every service (the proxy renders all of them). */
  async listRoutes(signal: AbortSignal): Promise<readonly { readonly route: RouteRecord; readonly index: number }[]> {
    const entries = await this.kv.list(prefix, signal);
    return entries
      .filter((e) => e.key.endsWith('/route'))
      .map((e) => ({ route: parseJson<RouteRecord>(e), index: e.modifyIndex }))
      .filter((r): r is { route: RouteRecord; index: number } => r.route !== undefined)
      .sort((a, b) => a.route.service.localeCompare(b.route.service));
  }

  private async put(key: string, value: string, cas: number, signal: AbortSignal): Promise<void> {
    if (!(await this.kv.put(key, value, { cas }, signal))) throw this.conflict(key);
  }

  private conflict(key: string): ConflictError {
    return new ConflictError(`${key} in the ${this.kv.description} changed while this command ran (check-and-set failed)`, {
      hint: 'another docker-flow wrote the same service without its deploy lock; run `docker-flow status`, then retry',
    });
  }
}

function storedTemplates(route: RouteRecord): readonly TemplatePart[] {
  return [...(route.frontendTemplate === undefined ? [] : ['frontend' as const]), ...(route.backendTemplate === undefined ? [] : ['backend' as const])];
}

function parseJson<T>(entry: KvEntry): T | undefined {
  try {
    return JSON.parse(entry.value) as T;
  } catch {
    return undefined;
  }
}
