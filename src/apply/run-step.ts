import type { DockerEngine } from '../ports/docker-engine';
import type { PlanStep } from '../domain/plan';
import { ConfigError, messageOf, withContext } from '../errors';
import type { ServiceSnapshot, ServiceStore } from '../store/service-store';
import type { Clock } from '../clock';
import type { StepRunner } from './execute-plan';
import type { ProxyGateway } from './proxy-gateway';
import { waitHealthy } from './wait-healthy';
import { waitExited } from './wait-exited';
import type { ServiceCatalog } from '../ports/service-catalog';
import { deregister, registerHealthy } from './catalog-syncer';
import { silentLogger, type Logger } from '../logger';
import { runReleaseCommand } from './run-release-command';
import { ensureNetwork, ensureVolume } from './ensure-resources';

export interface StepEnvironment {
  readonly engines: ReadonlyMap<string, DockerEngine>;
  readonly store: ServiceStore;
  /** The snapshot the plan was made from; `commit` checks-and-sets against it. */
  readonly snapshot: ServiceSnapshot;
  readonly proxy: () => ProxyGateway;
  readonly clock: Clock;
  readonly project: string;
  /** The Consul catalog, when configured: instances are registered once healthy, deregistered before they stop. */
  readonly catalog?: ServiceCatalog;
  /** Where the output of a release command goes (at info); dropped when absent. */
  readonly logger?: Logger;
}

/** One handler per step kind; the switch is exhaustive, so a new kind cannot be forgotten. */
export function stepRunner(env: StepEnvironment): StepRunner {
  const engine = (host: string): DockerEngine => {
    const found = env.engines.get(host);
    if (found === undefined) throw new ConfigError('--host', `no engine for host ${host}`);
    return found;
  };
  return async (step: PlanStep, signal: AbortSignal): Promise<void> => {
    switch (step.kind) {
      case 'ensure-network':
        return ensureNetwork(engine(step.host), step, env.project, signal);
      case 'ensure-volume':
        return ensureVolume(engine(step.host), step, env.project, signal);
      case 'pull':
        return engine(step.host).pullImage(step.image, signal);
      case 'release-command':
        return runReleaseCommand(engine(step.host), step, env.logger ?? silentLogger, signal);
      case 'create': {
        const id = await engine(step.host).createContainer(step.spec, signal);
        return engine(step.host).startContainer(id, signal);
      }
      case 'start':
        return engine(step.host).startContainer(step.container, signal);
      case 'wait-healthy': {
        const ready = await optionalWait(step, signal, env.logger ?? silentLogger, () => waitHealthy(engine(step.host), step.container, {
          timeoutMs: step.timeoutMs, settleMs: step.settleMs, clock: env.clock, signal, ...(step.requiredBy === undefined ? {} : { requiredBy: step.requiredBy }),
        }));
        if (ready && env.catalog !== undefined) await registerHealthy(env.catalog, engine(step.host), step.container, signal);
        return;
      }
      case 'wait-exited':
        await optionalWait(step, signal, env.logger ?? silentLogger, () => waitExited(engine(step.host), step, { clock: env.clock, signal }));
        return;
      case 'route':
        return env.proxy().route(step.route, signal);
      case 'drain':
        return env.proxy().drain(step.service, step.timeoutMs, signal);
      case 'stop':
        if (env.catalog !== undefined) await deregister(env.catalog, engine(step.host), step.container, signal);
        return engine(step.host).stopContainer(step.container, step.graceSec, signal);
      case 'remove': {
        // Removed even when the catalog cannot be told (an undo must not leave the new colour running); that failure is still reported.
        const catalogFailure = env.catalog === undefined ? undefined : await deregister(env.catalog, engine(step.host), step.container, signal).then(() => undefined, (error: unknown) => ({ error }));
        await engine(step.host).removeContainer(step.container, signal);
        if (catalogFailure === undefined) return;
        throw withContext(catalogFailure.error, { before: `${step.container} on ${step.host} was removed, but ` });
      }
      case 'commit':
        return env.store.commit(env.snapshot, { color: step.color, scale: step.scale }, signal);
      case 'unroute':
        return env.proxy().unroute(step.service, signal);
      case 'deregister':
        if (env.catalog === undefined) throw new ConfigError('--consul-address', `cannot deregister ${step.id}: no catalog is configured`);
        return env.catalog.deregister(step.id, signal);
      case 'forget':
        return env.store.forget(step.service, step.keys, signal);
    }
  };
}

/**
 * Runs a wait; true when it succeeded. A side target every dependent of which says
 * `required: false` does not block, as in Compose: its failure is logged as a warning and the
 * deploy goes on (false). Ctrl-C still interrupts.
 */
async function optionalWait(step: { readonly container: string; readonly host: string; readonly optionalFor?: string }, signal: AbortSignal, logger: Logger, wait: () => Promise<void>): Promise<boolean> {
  if (step.optionalFor === undefined) return wait().then(() => true);
  try {
    await wait();
    return true;
  } catch (error) {
    if (signal.aborted) throw error;
    logger.warn(`optional dependency ${step.container} on ${step.host} is not ready (${messageOf(error)}); ${step.optionalFor} depends on it with required: false, so the deploy goes on`,
      { container: step.container, host: step.host, dependent: step.optionalFor });
    return false;
  }
}
