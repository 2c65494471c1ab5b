import type { DockerEngine } from '../ports/docker-engine';
import type { ContainerInfo } from '../domain/container';
import { UnhealthyError } from '../errors';
import { backoff, pollUntil, type Clock } from '../clock';

type Verdict = { readonly ok: true } | { readonly ok: false; readonly reason: string };

/**
 * Healthy means: Docker reports `healthy` when the container has a health check; otherwise it is
 * running, and has stayed running without a restart for `settleMs`.
 */
export function judgeHealth(info: ContainerInfo | undefined, settledSince: number | undefined, now: number, settleMs: number, requiredBy?: string): Verdict | undefined {
  if (info === undefined) return { ok: false, reason: 'the container is gone' };
  if (requiredBy !== undefined && info.health === 'none' && info.state === 'running') {
    return { ok: false, reason: `it has no health check, and ${requiredBy} depends on it with condition: service_healthy` };
  }
  if (info.state === 'exited' || info.state === 'dead') return { ok: false, reason: `exited with code ${info.exitCode ?? '?'}` };
  if (info.state === 'restarting' || info.restartCount > 0) return { ok: false, reason: `restarting (restart count ${info.restartCount})` };
  if (info.health === 'unhealthy') return { ok: false, reason: `unhealthy: ${info.healthLog ?? 'health check failed'}` };
  if (info.health === 'healthy') return { ok: true };
  if (info.health === 'none' && info.state === 'running' && settledSince !== undefined && now - settledSince >= settleMs) return { ok: true };
  return undefined;
}

export async function waitHealthy(
  engine: DockerEngine,
  container: string,
  options: { readonly timeoutMs: number; readonly settleMs: number; readonly clock: Clock; readonly signal: AbortSignal; readonly requiredBy?: string },
): Promise<void> {
  let settledSince: number | undefined;
  let last: ContainerInfo | undefined;
  const verdict = await pollUntil(
    async () => {
      last = await engine.inspectContainer(container, options.signal);
      if (last?.state === 'running' && last.health === 'none') settledSince ??= options.clock.now();
      return judgeHealth(last, settledSince, options.clock.now(), options.settleMs, options.requiredBy);
    },
    { timeoutMs: options.timeoutMs, intervalMs: backoff, clock: options.clock, signal: options.signal },
  );
  if (verdict?.ok === true) return;
  const where = `${container} on ${engine.host.name}`;
  const reason =
    verdict === undefined
      ? `was not healthy after ${Math.round(options.timeoutMs / 1000)}s (last: ${last === undefined ? 'not found' : `${last.state}, health ${last.health}${last.healthLog === undefined ? '' : `: "${last.healthLog}"`}`})`
      : `failed: ${verdict.reason}`;
  const image = last?.image ?? 'the image';
  if (options.requiredBy !== undefined && last?.health === 'none') {
    throw new UnhealthyError(`${where} failed: ${verdict?.ok === false ? verdict.reason : 'it has no health check'}`, {
      hint: `add a healthcheck: to its service in the compose file (or a HEALTHCHECK to ${image}), or depend on it with condition: service_started`,
    });
  }
  throw new UnhealthyError(`${where} ${reason}`, {
    hint: `the failed instances are removed by the undo; to see why, run ${image} by hand on ${engine.host.name} (docker run --rm ${image}) and check its health check`,
  });
}
