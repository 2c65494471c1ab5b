import type { FlowContext } from '../flows/flow-context';

/** `docker-flow lock status|release <service>`. */
export async function lockCommand(ctx: FlowContext, action: 'status' | 'release', service: string): Promise<void> {
  if (action === 'status') {
    const holder = await ctx.locks.status(service, ctx.signal);
    ctx.print(holder === undefined ? `${service}: not locked` : `${service}: locked by ${holder.who} (pid ${holder.pid}) since ${holder.since} for ${holder.operation}`);
    return;
  }
  const removed = await ctx.locks.forceRelease(service, ctx.signal);
  ctx.print(removed === undefined ? `${service}: was not locked` : `${service}: removed the lock of ${removed.who} (pid ${removed.pid}, since ${removed.since})`);
}
