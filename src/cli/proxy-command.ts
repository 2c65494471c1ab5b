import type { FlowContext } from '../flows/flow-context';
import { createProxyRuntime } from './create-proxy';

/** `docker-flow proxy status|stop`: the proxy docker-flow runs, for operators. */
export async function proxyCommand(ctx: FlowContext, action: 'status' | 'stop'): Promise<void> {
  const runtime = createProxyRuntime(ctx.options, ctx.logger);
  if (action === 'stop') {
    await runtime.stop(ctx.signal);
    ctx.print(`${runtime.describe()}: stopped`);
    return;
  }
  const status = await runtime.status(ctx.signal);
  ctx.print(`${runtime.describe()}: ${status.running ? 'running' : 'not running'}`);
  if (!status.running) return;
  ctx.print(`  listens on ${status.listen}; status endpoint port ${status.statusPort}`);
  ctx.print(`  configuration ${status.configPath}, version served: ${status.version ?? '(no answer)'}`);
  if (status.pid !== undefined) ctx.print(`  master pid ${status.pid}${status.reloads === undefined ? '' : `, ${status.reloads} reloads`}`);
  if (status.containerId !== undefined) ctx.print(`  container ${status.containerId.slice(0, 12)}`);
  ctx.print(`  workers: ${status.workers.map((w) => `${w.pid}${w.old ? ' (old, finishing requests)' : ''}`).join(', ') || '-'}`);
  const { routes, corrupt } = await ctx.store.readRoutes(ctx.signal);
  for (const { route } of routes) {
    ctx.print(`  ${route.paths.join(' ')} → ${route.service}${route.color === undefined ? '' : ` (${route.color})`}: ${route.servers.map((s) => `${s.name} ${s.address}:${s.port}`).join(', ') || 'no servers (503)'}`);
  }
  for (const c of corrupt) ctx.print(`  ! ${c.key} ${c.reason}; fix or delete it: the proxy configuration cannot be rendered until then`);
}
