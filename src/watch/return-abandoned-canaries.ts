import type { ProxyGateway } from '../apply/proxy-gateway';
import type { Clock } from '../clock';
import { ConflictError, messageOf } from '../errors';
import type { Logger } from '../logger';
import type { HeldLock, LockManager } from '../ports/lock-manager';
import type { ServiceStore } from '../store/service-store';

export interface ReturnCanariesOptions {
  readonly store: ServiceStore;
  readonly locks: LockManager;
  readonly proxy: Pick<ProxyGateway, 'route'>;
  readonly clock: Clock;
  readonly who: string;
  readonly logger: Logger;
}

/**
 * `proxy watch`, before each refresh: a stepped canary whose walker is gone (its deploy lock is free,
 * or held by a pid that no longer runs, or a Consul session that expired) is put back on the old
 * colour at once: proxy watch takes the service's deploy lock (never waiting: a live walker holds it),
 * routes every request to the old colour, and marks the canary record returned. It does not stop
 * containers or rewrite the release (it has no compose file): the next docker-flow run for the
 * service finishes the abort (settleAbandonedCanary).
 */
export async function returnAbandonedCanaries(o: ReturnCanariesOptions, signal: AbortSignal): Promise<readonly string[]> {
  const returned: string[] = [];
  for (const { record } of await o.store.listCanaries(signal)) {
    if (record.returnedAt !== undefined) continue;
    const holder = { who: o.who, pid: process.pid, since: new Date(o.clock.now()).toISOString(), operation: 'proxy watch: return an abandoned canary' };
    let lock: HeldLock;
    try {
      lock = await o.locks.acquire(record.service, holder, 0, signal);
    } catch (error) {
      if (error instanceof ConflictError) continue; // its walker runs
      throw error;
    }
    try {
      const current = await o.store.readCanary(record.service, signal);
      const route = (await o.store.listRoutes(signal)).find((r) => r.route.service === record.service)?.route;
      if (current === undefined || current.record.returnedAt !== undefined || route === undefined) continue;
      await o.proxy.route({ service: route.service, project: route.project, target: route.target, color: current.record.previousColor, paths: route.paths, port: route.port, exclude: [] }, signal);
      await o.store.writeCanary({ ...current.record, returnedAt: new Date(o.clock.now()).toISOString() }, current.index, signal);
      o.logger.warn(
        `proxy watch: the canary of ${record.service} (${record.color} at ${record.percent} %, release ${record.release}) was left by a docker-flow that stopped (${record.who}, pid ${record.pid}); all traffic is back on ${record.previousColor}; the next docker-flow run for ${record.service} stops ${record.color} and records the release aborted`,
        { service: record.service, canary: record.color, previousColor: record.previousColor },
      );
      returned.push(record.service);
    } catch (error) {
      o.logger.warn(`proxy watch: could not put the abandoned canary of ${record.service} back on ${record.previousColor}: ${messageOf(error)}; retrying at the next refresh`);
    } finally {
      await lock.release();
    }
  }
  return returned;
}
