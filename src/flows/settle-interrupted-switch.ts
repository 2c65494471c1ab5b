import { describeSettledSwitch } from '../apply/proxy-gateway';
import type { ServiceSnapshot } from '../store/service-store';
import type { FlowContext } from './flow-context';

/**
 * Run while holding the service's deploy lock, before planning: a proxy switch still marked as
 * under way was left by a docker-flow that stopped between recording the switch and confirming
 * it, so the proxy may serve either colour. It is settled first (finished when the new colour
 * still runs, else the previous route is served again), so the plans that follow start from what
 * the proxy really serves and never replace the colour it routes to. `snapshot` is the service's
 * state as just read; true when a switch was settled (the state changed: read it again).
 */
export async function settleInterruptedSwitch(ctx: FlowContext, snapshot: ServiceSnapshot): Promise<boolean> {
  if (snapshot.route?.switching === undefined) return false;
  const settled = await ctx.proxy().settleSwitch(snapshot.service, ctx.signal);
  if (settled !== undefined) ctx.progress({ type: 'note', message: describeSettledSwitch(settled) });
  return settled !== undefined;
}
