import { planProxyChange } from '../adapters/haproxy/plan-proxy-change';
import type { ProxyRuntimeStatus } from '../ports/proxy-runtime';
import { buildProxyModel } from '../domain/build-proxy-model';
import type { RouteRecord } from '../domain/records';
import { messageOf } from '../errors';
import type { ProxyMember } from './proxy-tier';
import { renderOptionsOf } from './serve-proxy';
import { settleBounded } from '../settle-bounded';

/**
 * Where one proxy of the tier stands: up (it serves exactly the stored routes), behind (it runs but
 * serves something else: it missed changes), stopped (its HAProxy does not run), or unreachable (its
 * host or engine does not answer).
 */
export interface ProxyStanding {
  readonly name: string;
  /** "HAProxy container docker-flow-proxy on h2", "local HAProxy (...)". */
  readonly describe: string;
  readonly runtime: 'local' | 'container';
  readonly state: 'up' | 'behind' | 'stopped' | 'unreachable';
  /** What its status endpoint serves, and what it would serve with the stored routes. */
  readonly servedVersion?: string;
  readonly storedVersion?: string;
  readonly status?: ProxyRuntimeStatus;
  /** Unreachable: why. */
  readonly why?: string;
}

/** Reads every proxy of the tier (bounded, at once) and compares what it serves with the stored routes. */
export async function readTierStanding(members: readonly ProxyMember[], routes: readonly RouteRecord[], o: { readonly templatesDir: string; readonly drainMs: number; readonly concurrency: number }, signal: AbortSignal): Promise<readonly ProxyStanding[]> {
  const read = await settleBounded(members, o.concurrency, async (m): Promise<ProxyStanding> => {
    const status = await m.runtime.status(signal);
    const base = { name: m.name, describe: m.runtime.describe(), runtime: m.kind, status };
    const stored = planProxyChange(buildProxyModel(routes, m.runtime.renderTarget), await m.runtime.inspect(signal), renderOptionsOf(m.runtime, o));
    const versions = { ...(status.version === undefined ? {} : { servedVersion: status.version }), storedVersion: stored.version };
    if (!status.running) return { ...base, state: 'stopped', ...versions };
    return { ...base, state: stored.kind === 'none' ? 'up' : 'behind', ...versions };
  });
  return members.map((m, i) => {
    const r = read[i];
    if (r?.status === 'fulfilled') return r.value;
    return { name: m.name, describe: m.runtime.describe(), runtime: m.kind, state: 'unreachable', why: messageOf(r?.reason) };
  });
}
