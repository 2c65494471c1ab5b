import { describeSettledSwitch } from '../apply/proxy-gateway';
import type { FlowContext } from './flow-context';

/**
 * Run while holding the service's deploy lock, before planning: a proxy switch still marked as
 * under way was left by a docker-flow that stopped between recording the switch and confirming
 * it, so the proxy may serve either colour. It is settled first (finished when the new colour
 * still runs, else the previous route is served again), so the plans that follow start from what
 * the proxy really serves and never replace the colour it routes to.
 */
export async function settleInterruptedSwitch(ctx: FlowContext, service: string): Promise<void> {
  const { route } = await ctx.store.read(service, ctx.signal);
  if (route?.switching === undefined) return;
  const settled = await ctx.proxy().settleSwitch(service, ctx.signal);
  if (settled !== undefined) ctx.progress({ type: 'note', message: describeSettledSwitch(settled) });
}
