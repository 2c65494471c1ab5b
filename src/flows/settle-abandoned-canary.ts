import { canaryReport } from '../domain/canary-report';
import type { ServiceSnapshot } from '../store/service-store';
import { abortCanary } from './canary-end';
import type { FlowContext } from './flow-context';
import type { LoadedTarget } from './load-target';
import { notifierFor } from './notifier';

/**
 * Run while holding the service's deploy lock: a canary still recorded was left by a docker-flow that
 * stopped while walking it (killed, machine lost), since the walker holds the lock for as long as it
 * runs. It is settled back to the old colour (abortCanary, verdict `abandoned`) before anything is
 * planned. True when one was settled (the state changed: read it again).
 */
export async function settleAbandonedCanary(ctx: FlowContext, loaded: LoadedTarget, snapshot: ServiceSnapshot): Promise<boolean> {
  const record = snapshot.canary;
  if (record === undefined) return false;
  const message = `the canary of release ${record.release} (${record.color} at ${record.percent} %, step ${record.step} of ${record.steps.length}), walked by ${record.who} (pid ${record.pid}) since ${record.startedAt}, was left when its docker-flow stopped; ${record.returnedAt === undefined ? `all traffic goes back to ${record.previousColor}` : `proxy watch put all traffic back on ${record.previousColor} at ${record.returnedAt}`} and ${record.color} stops`;
  ctx.progress({ type: 'note', message });
  const notifier = notifierFor(ctx);
  const report = canaryReport({ step: record.step, steps: record.steps, percent: record.percent, old: record.previousColor, fresh: record.color, verdict: 'abandoned', checks: [] });
  try {
    await abortCanary(ctx, loaded, record, { verdict: 'abandoned', message: `abandoned: ${message}`, report }, notifier);
  } finally {
    await notifier.settle(ctx.options.notifyTimeoutMs);
  }
  return true;
}
