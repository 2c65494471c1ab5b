import type { KvEntry, KvStore } from '../ports/kv-store';
import { mapBounded } from '../settle-bounded';
import type { StoredServiceState } from '../domain/cluster-view';
import type { Color } from '../domain/color';
import { parseColorValue, parseReleaseRecord, parseRouteRecord, parseScaleValue } from '../domain/parse-service-records';
import type { ReleaseRecord, RouteRecord } from '../domain/records';
import { parseCanaryAbortRequest, parseCanaryRecord, type CanaryAbortRequest, type CanaryRecord } from '../domain/canary-record';
import { customTemplatesOf, type StoredKey, type TemplatePart } from '../domain/plan';
import { readJsonRecord, readRecord, type CorruptRecord, type StoredRecord } from '../domain/stored-record';
import { ConflictError, CorruptRecordError } from '../errors';

const prefix = 'docker-flow/';
export const stateKeys = {
  color: (service: string) => `${prefix}${service}/color`,
  scale: (service: string) => `${prefix}${service}/scale`,
  route: (service: string) => `${prefix}${service}/route`,
  canary: (service: string) => `${prefix}${service}/canary`,
  canaryAbort: (service: string) => `${prefix}${service}/canary-abort`,
  release: (service: string, n: number) => `${prefix}${service}/releases/${String(n).padStart(8, '0')}`,
  releases: (service: string) => `${prefix}${service}/releases/`,
};

/** What was read, with the indexes every later write checks (check-and-set). */
export interface ServiceSnapshot {
  readonly service: string;
  readonly state: StoredServiceState;
  readonly route?: RouteRecord;
  /** A stepped canary under way (or left by a docker-flow that stopped). */
  readonly canary?: CanaryRecord;
  readonly releases: readonly ReleaseRecord[];
  readonly index: { readonly color: number; readonly scale: number; readonly route: number };
  /** The service's records that could not be read: reported (status, a note), left as they are. */
  readonly corrupt: readonly CorruptRecord[];
}

/** Every route of every service that could be read, and the route records that could not. */
export interface StoredRoutes {
  readonly routes: readonly { readonly route: RouteRecord; readonly index: number }[];
  readonly corrupt: readonly CorruptRecord[];
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
    const [color, scale, route, releases, canary] = await Promise.all([
      this.kv.get(stateKeys.color(service), signal),
      this.kv.get(stateKeys.scale(service), signal),
      this.kv.get(stateKeys.route(service), signal),
      this.kv.list(stateKeys.releases(service), signal),
      this.kv.get(stateKeys.canary(service), signal),
    ]);
    const corrupt: CorruptRecord[] = [];
    const keep = <T>(stored: StoredRecord<T>): readonly T[] => {
      if (stored.ok) return [stored.record];
      corrupt.push(stored.corrupt);
      return [];
    };
    const records = releases.flatMap((e) => keep(readJsonRecord(e.key, e.value, 'a release record', parseReleaseRecord))).sort((a, b) => b.number - a.number);
    const [routeRecord] = route === undefined ? [] : keep(readJsonRecord(route.key, route.value, 'a route record', parseRouteRecord));
    const [colorValue] = color === undefined ? [] : keep(readRecord(color.key, 'a colour', () => parseColorValue(color.value)));
    const [scaleValue] = scale === undefined ? [] : keep(readRecord(scale.key, 'a scale', () => parseScaleValue(scale.value)));
    const [canaryRecord] = canary === undefined ? [] : keep(readJsonRecord(canary.key, canary.value, 'a canary record', parseCanaryRecord));
    // a corrupt release keeps its number: the next release never overwrites it
    const numbers = [...records.map((r) => r.number), ...corrupt.flatMap((c) => releaseNumberOf(service, c.key))];
    const state: StoredServiceState = {
      ...(colorValue === undefined ? {} : { color: colorValue }),
      ...(scaleValue === undefined ? {} : { scale: scaleValue }),
      ...(routeRecord?.color === undefined ? {} : { routedColor: routeRecord.color }),
      ...(routeRecord === undefined ? {} : { routedPaths: routeRecord.paths }),
      ...(routeRecord === undefined ? {} : customTemplatesOf({ customTemplates: storedTemplates(routeRecord) })),
      nextRelease: Math.max(0, ...numbers) + 1,
    };
    return {
      service,
      state,
      ...(routeRecord === undefined ? {} : { route: routeRecord }),
      ...(canaryRecord === undefined ? {} : { canary: canaryRecord }),
      releases: records,
      index: { color: color?.modifyIndex ?? 0, scale: scale?.modifyIndex ?? 0, route: route?.modifyIndex ?? 0 },
      corrupt,
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

  /** Deletes the service's colour and scale keys and, when asked, every release record (docker-flow remove); keys already gone are fine. */
  async forget(service: string, keys: readonly StoredKey[], signal: AbortSignal): Promise<void> {
    const names = [
      ...(keys.includes('color') ? [stateKeys.color(service)] : []),
      ...(keys.includes('scale') ? [stateKeys.scale(service)] : []),
      ...(keys.includes('releases') ? (await this.kv.list(stateKeys.releases(service), signal)).map((e) => e.key) : []),
    ];
    for (const key of names) await this.kv.delete(key, {}, signal);
  }

  /** Writes a release record; the same number may be rewritten (in-progress → result). */
  async writeRelease(record: ReleaseRecord, signal: AbortSignal): Promise<void> {
    const key = stateKeys.release(record.service, record.number);
    const current = await this.kv.get(key, signal);
    await this.put(key, JSON.stringify(record), current?.modifyIndex ?? 0, signal);
  }

  /** The canary under way and its index (for check-and-set), or undefined. A corrupt record is a CorruptRecordError. */
  async readCanary(service: string, signal: AbortSignal): Promise<{ readonly record: CanaryRecord; readonly index: number } | undefined> {
    const entry = await this.kv.get(stateKeys.canary(service), signal);
    if (entry === undefined) return undefined;
    const stored = readJsonRecord(entry.key, entry.value, 'a canary record', parseCanaryRecord);
    if (!stored.ok) throw new CorruptRecordError([stored.corrupt], this.kv.description);
    return { record: stored.record, index: entry.modifyIndex };
  }

  /** Writes the canary record (check-and-set against `expectedIndex`, 0: it must not exist); returns its new index. */
  async writeCanary(record: CanaryRecord, expectedIndex: number, signal: AbortSignal): Promise<number> {
    await this.put(stateKeys.canary(record.service), JSON.stringify(record), expectedIndex, signal);
    return (await this.kv.get(stateKeys.canary(record.service), signal))?.modifyIndex ?? 0;
  }

  /** Every service's canary record with its index (proxy watch looks for canaries whose walker is gone); unreadable ones are left out. */
  async listCanaries(signal: AbortSignal): Promise<readonly { readonly record: CanaryRecord; readonly index: number }[]> {
    const entries = await this.everyServices('canary', signal);
    return entries.flatMap((e) => {
      const stored = readJsonRecord(e.key, e.value, 'a canary record', parseCanaryRecord);
      return stored.ok ? [{ record: stored.record, index: e.modifyIndex }] : [];
    });
  }

  /** Removes the canary record and any abort request for it (the canary is over). */
  async clearCanary(service: string, signal: AbortSignal): Promise<void> {
    await this.kv.delete(stateKeys.canary(service), {}, signal);
    await this.kv.delete(stateKeys.canaryAbort(service), {}, signal);
  }

  /** Asks the docker-flow walking the service's canary to stop it (docker-flow rollback from elsewhere). */
  async requestCanaryAbort(service: string, request: CanaryAbortRequest, signal: AbortSignal): Promise<void> {
    await this.kv.put(stateKeys.canaryAbort(service), JSON.stringify(request), {}, signal);
  }

  /** The pending abort request, if any (one that cannot be read still asks to stop: its text is the reason). */
  async readCanaryAbort(service: string, signal: AbortSignal): Promise<CanaryAbortRequest | undefined> {
    const entry = await this.kv.get(stateKeys.canaryAbort(service), signal);
    if (entry === undefined) return undefined;
    const stored = readJsonRecord(entry.key, entry.value, 'a canary abort request', parseCanaryAbortRequest);
    return stored.ok ? stored.record : { who: 'unknown (unreadable request)', at: '' };
  }

  /** Every route of every service, and the route records that could not be read (for `proxy status`). */
  async readRoutes(signal: AbortSignal): Promise<StoredRoutes> {
    const entries = await this.everyServices('route', signal);
    const read = entries.map((e) => ({ stored: readJsonRecord(e.key, e.value, 'a route record', parseRouteRecord), index: e.modifyIndex }));
    return {
      routes: read.flatMap((r) => (r.stored.ok ? [{ route: r.stored.record, index: r.index }] : [])).sort((a, b) => a.route.service.localeCompare(b.route.service)),
      corrupt: read.flatMap((r) => (r.stored.ok ? [] : [r.stored.corrupt])),
    };
  }

  /** One service's route (undefined: none); a record that cannot be read is a CorruptRecordError, as in listRoutes. */
  async readRoute(service: string, signal: AbortSignal): Promise<RouteRecord | undefined> {
    const entry = await this.kv.get(stateKeys.route(service), signal);
    if (entry === undefined) return undefined;
    const stored = readJsonRecord(entry.key, entry.value, 'a route record', parseRouteRecord);
    if (!stored.ok) throw new CorruptRecordError([stored.corrupt], this.kv.description);
    return stored.record;
  }

  /**
   * Every route of every service (the proxy renders all of them). A route record that cannot be
   * read is a CorruptRecordError: a configuration without that service would silently stop serving it.
   */
  async listRoutes(signal: AbortSignal): Promise<StoredRoutes['routes']> {
    const { routes, corrupt } = await this.readRoutes(signal);
    if (corrupt.length > 0) throw new CorruptRecordError(corrupt, this.kv.description);
    return routes;
  }

  /**
   * One record of every service (`route`, `canary`): the service folders are listed by name, and
   * only that record is read in each, so the release history of every service is not read with it.
   */
  private async everyServices(record: 'route' | 'canary', signal: AbortSignal): Promise<readonly KvEntry[]> {
    const folders = (await this.kv.keys(prefix, '/', signal)).filter((key) => key.endsWith('/'));
    const read = await mapBounded(folders, 16, async (folder) => this.kv.get(`${folder}${record}`, signal));
    return read.filter((entry) => entry !== undefined);
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

/** The release number in a key under `releases/` (its 8 digits), so even a corrupt record's number is known. */
function releaseNumberOf(service: string, key: string): readonly number[] {
  const digits = key.startsWith(stateKeys.releases(service)) ? /^\d+$/.exec(key.slice(stateKeys.releases(service).length))?.[0] : undefined;
  return digits === undefined ? [] : [Number(digits)];
}
