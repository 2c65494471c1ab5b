import type { DockerEngine } from '../ports/docker-engine';
import type { PlanStep } from '../domain/plan';
import { UnhealthyError } from '../errors';
import { backoff, pollUntil, type Clock } from '../clock';

export type WaitExitedStep = Extract<PlanStep, { readonly kind: 'wait-exited' }>;

/**
 * Waits until a side target that another service depends on with condition
 * service_completed_successfully (a migration, a seed job) has exited, and fails unless its exit
 * code is 0 — within the health timeout.
 */
export async function waitExited(engine: DockerEngine, step: WaitExitedStep, options: { readonly clock: Clock; readonly signal: AbortSignal }): Promise<void> {
  const info = await pollUntil(
    async () => {
      const found = await engine.inspectContainer(step.container, options.signal);
      return found === undefined || found.state === 'exited' || found.state === 'dead' ? { found } : undefined;
    },
    { timeoutMs: step.timeoutMs, intervalMs: backoff, clock: options.clock, signal: options.signal },
  );
  const where = `${step.container} on ${engine.host.name}`;
  const why = `${step.dependent} depends on it with condition: service_completed_successfully`;
  const logs = `see its output: docker logs ${step.container} (on ${engine.host.name})`;
  if (info === undefined) {
    throw new UnhealthyError(`${where} was still running after ${Math.round(step.timeoutMs / 1000)}s; ${why}`, { hint: `${logs}; a slow job can get more time with --health-timeout` });
  }
  if (info.found === undefined) throw new UnhealthyError(`${where} is gone; ${why}`, { hint: `${logs}, and check that nothing removes it` });
  if (info.found.exitCode !== 0) {
    throw new UnhealthyError(`${where} exited with code ${info.found.exitCode ?? '?'}; ${why}`, { hint: `${logs}; fix the job and deploy again (nothing of the target was started)` });
  }
}
