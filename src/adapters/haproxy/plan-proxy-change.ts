import { planSlots, slotCommands } from '../../domain/plan-slots';
import type { ProxyModel } from '../../domain/proxy-model';
import { freshSlots, type ProxySlot, type RuntimeCommand } from '../../domain/proxy-slots';
import type { RunningProxy, RuntimeChange } from '../../ports/proxy-runtime';
import { backendServers } from './backend-view';
import { structureChange } from './config-structure';
import { renderProxyConfig, type RenderProxyOptions } from './render-proxy-config';

export type ProxyChange =
  | { readonly kind: 'none'; readonly text: string; readonly version: string }
  | ({ readonly kind: 'runtime' } & RuntimeChange)
  | { readonly kind: 'reload'; readonly text: string; readonly version: string; readonly why: string };

/**
 * How the proxy gets from what runs to `model`: nothing to do; the runtime API (only slots of
 * existing generated backends change: a switch, a scale, a canary weight, servers taken out); or a
 * reload, with the reason (the proxy is not running, a path or backend was added or removed, a
 * certificate or custom template changed, a backend ran out of slots). The file is rendered from the
 * planned slot tables, so it matches what runs afterwards either way.
 */
export function planProxyChange(model: ProxyModel, running: RunningProxy | undefined, options: Omit<RenderProxyOptions, 'slots'>): ProxyChange {
  const tables = new Map<string, readonly ProxySlot[]>();
  const grown: string[] = [];
  const commands: RuntimeCommand[] = [];
  const expected = new Map<string, readonly ProxySlot[]>();
  const previous = new Map<string, readonly ProxySlot[]>();
  const custom = new Set<string>();
  for (const service of model.services) {
    const name = service.serviceName;
    if (service.backendTemplate !== undefined) {
      custom.add(name);
      continue;
    }
    const { servers } = backendServers(service);
    const current = running?.adminError === undefined ? running?.slots.get(name) : undefined;
    if (current === undefined) {
      tables.set(name, freshSlots(servers));
      continue;
    }
    const plan = planSlots(name, current, servers);
    tables.set(name, plan.slots);
    if (plan.kind === 'reload') grown.push(plan.why);
    const touched = plan.kind === 'runtime' ? slotCommands(name, current, plan.slots) : [];
    if (touched.length === 0) continue;
    commands.push(...touched);
    expected.set(name, plan.slots);
    previous.set(name, current);
  }
  const { text, version } = renderProxyConfig(model, { ...options, slots: tables });
  const reload = (why: string): ProxyChange => ({ kind: 'reload', text, version, why });
  if (running === undefined) return reload('the proxy is not running');
  if (running.adminError !== undefined) return reload(`the runtime API did not answer (${running.adminError})`);
  if (grown.length > 0) return reload(grown.join('; '));
  const structure = structureChange(running.text ?? '', text, new Set(tables.keys()), custom);
  if (structure !== undefined) return reload(structure);
  if (commands.length === 0 && running.text === text && running.version === version) return { kind: 'none', text, version };
  return { kind: 'runtime', text, version, commands, expected, previous, previousVersion: running.version };
}
