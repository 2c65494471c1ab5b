import { catalogInstanceOf, type CatalogInstance } from '../domain/catalog-instance';
import { flowLabel } from '../domain/labels';
import { isServing, planCatalogSync, sameInstance } from '../domain/plan-catalog-sync';
import { messageOf, UnreachableError } from '../errors';
import type { Logger } from '../logger';
import type { DockerEngine, EngineEvent } from '../ports/docker-engine';
import type { ServiceCatalog } from '../ports/service-catalog';

/** Events after which the container no longer runs (a restart policy brings it back with "start"). */
export const endedActions: ReadonlySet<string> = new Set(['die', 'stop', 'destroy']);

export interface ResyncOutcome {
  readonly registered: number;
  readonly deregistered: number;
  readonly serving: number;
}

/**
 * The registrator's operations on the catalog: a full resync of some hosts (the engines are the
 * truth), the update of one container after one of its events, and taking out a container that
 * ended. The caller runs resyncs and updates one at a time; `containerEnded` may run beside them.
 */
export class CatalogSyncer {
  /** What this process last wrote (or saw) per instance id, to skip writes that change nothing. */
  private readonly known = new Map<string, CatalogInstance>();
  /** Instances that ended while a resync ran: its listing may predate their end. */
  private endedDuringResync: Set<string> | undefined;

  constructor(
    private readonly engines: ReadonlyMap<string, DockerEngine>,
    private readonly catalog: ServiceCatalog,
    private readonly logger: Logger,
  ) {}

  /** Makes the catalog equal to the serving instances of `hosts`; throws UnreachableError naming the hosts it could not read (after syncing the others). */
  async resync(hosts: readonly string[], reason: string, signal: AbortSignal): Promise<ResyncOutcome> {
    const ended = new Set<string>();
    this.endedDuringResync = ended;
    try {
      return await this.resyncOnce(hosts, reason, ended, signal);
    } finally {
      this.endedDuringResync = undefined;
    }
  }

  private async resyncOnce(hosts: readonly string[], reason: string, ended: ReadonlySet<string>, signal: AbortSignal): Promise<ResyncOutcome> {
    const engines = [...this.engines.values()].filter((engine) => hosts.includes(engine.host.name));
    const reads = await Promise.allSettled(engines.map(async (engine) => ({ engine, containers: await engine.listContainers({ [flowLabel.role]: 'target' }, signal) })));
    const serving: CatalogInstance[] = [];
    const observed: string[] = [];
    const failed: string[] = [];
    reads.forEach((read, i) => {
      const host = engines[i]?.host.name ?? '?';
      if (read.status === 'rejected') {
        failed.push(`${host} (${messageOf(read.reason)})`);
        return;
      }
      observed.push(host);
      for (const info of read.value.containers) {
        const instance = isServing(info) ? catalogInstanceOf(info, read.value.engine.host) : undefined;
        if (instance !== undefined) serving.push(instance);
      }
    });
    const registered = await this.catalog.list(signal);
    const plan = planCatalogSync(serving, registered, observed);
    this.known.clear();
    for (const instance of registered) this.known.set(instance.id, instance);
    const toRegister = plan.register.filter((instance) => !ended.has(instance.id));
    for (const instance of toRegister) await this.register(instance, signal);
    for (const id of plan.deregister) await this.deregister(id, signal);
    const outcome = { registered: toRegister.length, deregistered: plan.deregister.length, serving: serving.length };
    const fields = { reason, hosts: observed, ...outcome, ...(plan.untouchedHosts.length === 0 ? {} : { leftAloneHosts: plan.untouchedHosts }) };
    const message = `registrator: resync (${reason}): ${outcome.serving} serving instance(s); registered ${outcome.registered}, deregistered ${outcome.deregistered}`;
    if (outcome.registered + outcome.deregistered > 0 || reason === 'start') this.logger.info(message, fields);
    else this.logger.debug(message, fields);
    if (failed.length > 0) {
      throw new UnreachableError(`registrator: could not list the containers of ${failed.join(', ')}; their catalog entries were left as they were`, {
        hint: 'check that those Docker engines answer (docker -H <endpoint> info); the registrator retries',
      });
    }
    return outcome;
  }

  /** After an event of one container (start, health_status...): register it when it serves, else take it out. */
  async syncContainer(event: EngineEvent, signal: AbortSignal): Promise<void> {
    const engine = this.engines.get(event.host);
    if (engine === undefined) return;
    const info = await engine.inspectContainer(event.containerId, signal);
    const instance = info !== undefined && isServing(info) ? catalogInstanceOf(info, engine.host) : undefined;
    if (instance !== undefined) {
      if (!sameInstance(this.known.get(instance.id), instance)) await this.register(instance, signal);
      return;
    }
    const name = info?.name ?? event.containerName;
    if (name !== '') await this.deregister(`${event.host}:${name}`, signal);
  }

  /**
   * A container died, stopped or was removed: take it out at once, without asking the engine and
   * without waiting for a resync in progress (which then does not register it again).
   */
  async containerEnded(event: EngineEvent, signal: AbortSignal): Promise<void> {
    if (event.containerName === '' || !this.engines.has(event.host)) return;
    const id = `${event.host}:${event.containerName}`;
    this.endedDuringResync?.add(id);
    await this.deregister(id, signal);
  }

  private async register(instance: CatalogInstance, signal: AbortSignal): Promise<void> {
    this.known.delete(instance.id);
    await this.catalog.register(instance, signal);
    this.known.set(instance.id, instance);
    this.logger.info(`registrator: registered ${instance.container} on ${instance.host} as ${instance.name} at ${instance.address}:${instance.port}`);
  }

  private async deregister(id: string, signal: AbortSignal): Promise<void> {
    const wasKnown = this.known.delete(id);
    await this.catalog.deregister(id, signal);
    if (wasKnown) this.logger.info(`registrator: deregistered ${id}`);
  }
}

/** During a deploy, after an instance is healthy: register it (only then does the catalog send traffic its way). */
export async function registerHealthy(catalog: ServiceCatalog, engine: DockerEngine, container: string, signal: AbortSignal): Promise<void> {
  const info = await engine.inspectContainer(container, signal);
  const instance = info === undefined ? undefined : catalogInstanceOf(info, engine.host);
  if (instance !== undefined) await catalog.register(instance, signal);
}

/** During a deploy, before an instance stops or is removed: take it out of the catalog. */
export async function deregister(catalog: ServiceCatalog, engine: DockerEngine, container: string, signal: AbortSignal): Promise<void> {
  await catalog.deregister(`${engine.host.name}:${container}`, signal);
}
