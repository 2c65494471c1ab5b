import { readTierStanding, type ProxyStanding } from '../apply/proxy-standing';
import { tierConcurrency } from '../apply/proxy-tier';
import { settledRoute } from '../domain/records';
import { ConfigError, messageOf, ProxyError } from '../errors';
import type { FlowContext } from '../flows/flow-context';
import { createProxyMembers, templatesDir } from './create-proxy';

/** `docker-flow proxy status|stop`: the proxies docker-flow runs (the tier), for operators. `node`: stop only the proxy of that host. */
export async function proxyCommand(ctx: FlowContext, action: 'status' | 'stop', node?: string): Promise<void> {
  const members = createProxyMembers(ctx.options, ctx.logger);
  if (action === 'stop') {
    const chosen = node === undefined ? members : members.filter((m) => m.name === node);
    if (chosen.length === 0) {
      throw new ConfigError('--node', `"${node ?? ''}" is not a proxy of the tier (proxies: ${members.map((m) => m.name).join(', ')})`, { hint: 'give the name of a host of the tier ("proxies:" or --proxy-docker-host), or leave --node out to stop every proxy' });
    }
    const stopped = await Promise.allSettled(chosen.map(async (m) => m.runtime.stop(ctx.signal)));
    const failed: string[] = [];
    stopped.forEach((r, i) => {
      const m = chosen[i];
      if (m === undefined) return;
      if (r.status === 'fulfilled') ctx.print(`${m.name}: ${m.runtime.describe()}: stopped`);
      else failed.push(`${m.name} (${messageOf(r.reason)})`);
    });
    if (failed.length > 0) throw new ProxyError(`could not stop proxy ${failed.join('; ')}`, { hint: 'check that its host answers (docker-flow proxy status), then run the command again' });
    return;
  }
  const { routes, corrupt } = await ctx.store.readRoutes(ctx.signal);
  const standing = await readTierStanding(members, routes.map(({ route }) => settledRoute(route)), { templatesDir, drainMs: ctx.options.drainMs, concurrency: tierConcurrency }, ctx.signal);
  for (const p of standing) for (const line of formatProxyStanding(p)) ctx.print(line);
  ctx.print(`routes (stored; every proxy that is up serves them):`);
  for (const { route } of routes) {
    ctx.print(`  ${route.paths.join(' ')} → ${route.service}${route.color === undefined ? '' : ` (${route.color})`}: ${route.servers.map((s) => `${s.name} ${s.address}:${s.port}`).join(', ') || 'no servers (503)'}`);
  }
  if (routes.length === 0) ctx.print('  none');
  for (const c of corrupt) ctx.print(`  ! ${c.key} ${c.reason}; fix or delete it: the proxy configuration cannot be rendered until then`);
}

/** One proxy for operators: its state first (up, behind, stopped, unreachable), then where it listens and what it serves. */
export function formatProxyStanding(p: ProxyStanding): readonly string[] {
  const versions = `version served: ${p.servedVersion ?? '(no answer)'}${p.storedVersion === undefined ? '' : `, stored routes: ${p.storedVersion}`}`;
  const state =
    p.state === 'up' ? 'running, up to date (serves the stored routes)'
    : p.state === 'behind' ? 'running, BEHIND: it serves another configuration than the stored routes give it (it missed changes, or the options differ from the last deploy\'s); the next route change or proxy watch brings it up to date'
    : p.state === 'stopped' ? 'stopped (not running); the next route change starts it with the stored routes'
    : `UNREACHABLE: ${p.why ?? ''}`;
  const lines = [`${p.name} [${p.runtime === 'local' ? 'local process' : 'container'}] ${p.describe}: ${state}`];
  const s = p.status;
  if (s === undefined) return lines;
  lines.push(`  address ${s.listen}; ports: HTTP ${s.httpPort}, status endpoint ${s.statusPort}`, `  configuration ${s.configPath}, ${versions}`);
  if (!s.running) return lines;
  if (s.pid !== undefined) lines.push(`  master pid ${s.pid}${s.reloads === undefined ? '' : `, ${s.reloads} reloads`}`);
  if (s.containerId !== undefined) lines.push(`  container ${s.containerId.slice(0, 12)}`);
  lines.push(`  workers: ${s.workers.map((w) => `${w.pid}${w.old ? ' (old, finishing requests)' : ''}`).join(', ') || '-'}`);
  return lines;
}
