import type { ProxyRuntime, RunningProxy } from '../ports/proxy-runtime';
import { buildProxyModel } from '../domain/build-proxy-model';
import type { ProxyModel } from '../domain/proxy-model';
import type { RouteRecord } from '../domain/records';
import { InterruptedError, messageOf, ProxyError, withContext, type DockerFlowError } from '../errors';
import { serveProxy, type ServeProxyOptions } from './serve-proxy';
import { settleBounded } from '../settle-bounded';

/** One proxy of the tier: its name (`local`, or its host's name), how it runs, and its runtime. */
export interface ProxyMember {
  readonly name: string;
  readonly kind: 'local' | 'container';
  readonly runtime: ProxyRuntime;
}

export interface TierOptions extends ServeProxyOptions {
  /** How many proxies may not answer while a change still proceeds (--proxy-tolerate-down). */
  readonly tolerateDown: number;
  /** How many proxies are read or changed at once. */
  readonly concurrency?: number;
}

/** What the tier is to serve, and what the stored routes are (a proxy behind is brought to these first; every proxy is put back to these when one refuses). */
export interface TierChange {
  readonly routes: readonly RouteRecord[];
  readonly stored: readonly RouteRecord[];
}

/** A proxy that did not answer when the tier was read before a change. */
export interface ProxyDown {
  readonly name: string;
  readonly why: string;
}

export type TierResult =
  | { readonly ok: true; readonly changed: boolean; readonly down: readonly ProxyDown[] }
  /** `putBack`: every proxy that answers serves the stored routes (so the stored route may stay as it was). */
  | { readonly ok: false; readonly error: unknown; readonly putBack: boolean };

/** At most this many proxies are read or changed at once. */
export const tierConcurrency = 8;
const putBackTimeoutMs = 30_000;

/**
 * Serves `change.routes` on every proxy of the tier, all or nothing:
 * 1. every proxy is read at once (bounded); those that do not answer are down. More than
 *    `tolerateDown` down: nothing is changed (exit 5 naming them). Fewer: the others go on, and a
 *    warning names each one left behind.
 * 2. with several proxies, one that serves something else than the stored routes (it missed
 *    changes) is brought up to them before anything else is switched.
 * 3. every proxy is switched at once (bounded: `beforeChange` runs once, before the first change).
 *    When one refuses or fails, every proxy that answers is put back to the stored routes.
 * All at once rather than one after another: the time during which proxies serve different routes
 * is one switch, not one per proxy, and a refusal is undone just as fast.
 */
export async function serveTier(members: readonly ProxyMember[], change: TierChange, o: TierOptions, signal: AbortSignal, beforeChange?: () => Promise<void>): Promise<TierResult> {
  const limit = o.concurrency ?? tierConcurrency;
  const read = await readTier(members, limit, signal);
  if (!read.ok) return read;
  const { up, down } = read;
  if (down.length > o.tolerateDown) {
    // one proxy: its own error, as before there were tiers
    const [only] = members.length === 1 ? read.failures : [];
    return { ok: false, error: only === undefined ? tooManyDown(down, members.length, o.tolerateDown) : only.error, putBack: true };
  }
  if (down.length > 0) o.logger.warn(`PROXY DOWN, LEFT BEHIND: ${describeDown(down)}; the other ${up.length} switch (--proxy-tolerate-down=${o.tolerateDown}); ${down.length === 1 ? 'it is' : 'they are'} brought up to the stored routes when docker-flow or proxy watch reaches ${down.length === 1 ? 'it' : 'them'} again`, { down: down.map((d) => d.name) });
  const ready = members.length > 1 && change.stored !== change.routes ? await catchUp(up, change.stored, o, signal) : { ok: true as const, proxies: up };
  if (!ready.ok) return ready;
  let intent: Promise<void> | undefined;
  const once = beforeChange === undefined ? undefined : (): Promise<void> => (intent ??= beforeChange());
  const results = await settleBounded(ready.proxies, limit, async (p) => serveProxy(p.member.runtime, modelFor(change.routes, p.member), named(o, p.member, members.length), signal, once, p.known));
  const failed = rejections(results, ready.proxies.map((p) => p.member));
  if (failed.length === 0) return { ok: true, changed: results.some((r) => r.status === 'fulfilled' && r.value.changed), down };
  // every proxy that switched goes back, and those that failed too (a failed reload may have left its new file)
  const touched = ready.proxies.filter((_, i) => results[i]?.status !== 'fulfilled' || results[i]?.value.changed === true);
  const notBack = await putBack(touched.map((p) => p.member), change.stored, o, members.length);
  if (members.length === 1) return { ok: false, error: withPutBack(failed[0]?.error, notBack), putBack: notBack.length === 0 };
  const switchedBack = touched.map((p) => p.member.name).filter((name) => !failed.some((f) => f.name === name) && !notBack.some((n) => n.name === name));
  const back = switchedBack.length === 0 ? 'no other proxy had switched' : `switched back: ${switchedBack.join(', ')} (they serve the previous routes)`;
  return { ok: false, error: withPutBack(failure(failed, `refused the change or could not be reached; ${back}`, signal), notBack), putBack: notBack.length === 0 };
}

/**
 * Brings every proxy of the tier that answers and serves something else than the stored routes up
 * to them (before old instances stop: a proxy behind may still route to them). Proxies that do not
 * answer are returned, for the caller to name. Nothing to do with one proxy.
 */
export async function catchUpTier(members: readonly ProxyMember[], stored: readonly RouteRecord[], o: TierOptions, signal: AbortSignal): Promise<{ readonly ok: true; readonly down: readonly ProxyDown[] } | Extract<TierResult, { ok: false }>> {
  if (members.length < 2) return { ok: true, down: [] };
  const read = await readTier(members, o.concurrency ?? tierConcurrency, signal);
  if (!read.ok) return read;
  const caught = await catchUp(read.up, stored, o, signal);
  return caught.ok ? { ok: true, down: read.down } : caught;
}

/** Reads every proxy at once (bounded): those that answer with what they serve, and those that do not (down). */
async function readTier(members: readonly ProxyMember[], limit: number, signal: AbortSignal): Promise<{ readonly ok: true; readonly up: readonly ReadProxy[]; readonly down: readonly ProxyDown[]; readonly failures: readonly Failure[] } | Extract<TierResult, { ok: false }>> {
  const reads = await settleBounded(members, limit, async (m) => m.runtime.inspect(signal));
  if (signal.aborted) return { ok: false, error: new InterruptedError('interrupted while reading the proxies; nothing was switched'), putBack: true };
  const up: ReadProxy[] = [];
  const down: ProxyDown[] = [];
  members.forEach((member, i) => {
    const r = reads[i];
    if (r?.status === 'fulfilled') up.push({ member, known: { running: r.value } });
    else down.push({ name: member.name, why: `${member.runtime.describe()}: ${messageOf(r?.reason)}` });
  });
  return { ok: true, up, down, failures: rejections(reads, members) };
}

/** A proxy that answered, with what it serves (`known` is dropped once it changed: the switch reads it again). */
type ReadProxy = { readonly member: ProxyMember; readonly known?: { readonly running: RunningProxy | undefined } };
type Failure = { readonly name: string; readonly error: unknown };

/** The options for one proxy's change: its name in the log lines when the tier has several. */
const named = (o: TierOptions, m: ProxyMember, tierSize: number): TierOptions => (tierSize > 1 ? { ...o, proxyName: m.name } : o);

const modelFor = (routes: readonly RouteRecord[], m: ProxyMember): ProxyModel => buildProxyModel(routes, m.runtime.renderTarget);

/** Brings each running proxy that serves something else than the stored routes up to them (a new or stopped one is started by the switch). */
async function catchUp(up: readonly ReadProxy[], stored: readonly RouteRecord[], o: Omit<TierOptions, 'tolerateDown'>, signal: AbortSignal): Promise<{ readonly ok: true; readonly proxies: readonly ReadProxy[] } | Extract<TierResult, { ok: false }>> {
  const running = up.filter((p) => p.known?.running !== undefined);
  const caught = await settleBounded(running, o.concurrency ?? tierConcurrency, async (p) => serveProxy(p.member.runtime, modelFor(stored, p.member), { ...o, proxyName: p.member.name }, signal, undefined, p.known));
  const refused = rejections(caught, running.map((p) => p.member));
  if (refused.length > 0) return { ok: false, error: failure(refused, 'refused the stored routes while being brought up to date; nothing was switched', signal), putBack: true };
  const behind = new Set(running.filter((_, i) => { const c = caught[i]; return c?.status === 'fulfilled' && c.value.changed; }).map((p) => p.member.name));
  for (const name of behind) o.logger.warn(`proxy ${name} was behind (it missed changes): brought up to the stored routes before the switch`, { proxy: name });
  return { ok: true, proxies: up.map((p) => (behind.has(p.member.name) ? { member: p.member } : p)) };
}

/** Serves the stored routes on `members` again, bounded by its own timeout (the command's signal may be the Ctrl-C that caused the failure); returns those that could not be put back. */
async function putBack(members: readonly ProxyMember[], stored: readonly RouteRecord[], o: TierOptions, tierSize: number): Promise<readonly Failure[]> {
  const undo = AbortSignal.timeout(putBackTimeoutMs);
  return rejections(await settleBounded(members, o.concurrency ?? tierConcurrency, async (m) => serveProxy(m.runtime, modelFor(stored, m), named(o, m, tierSize), undo)), members);
}

/** The proxies whose call failed, with the error (results in the order of `members`). */
function rejections(results: readonly PromiseSettledResult<unknown>[], members: readonly ProxyMember[]): readonly Failure[] {
  return members.flatMap((m, i) => {
    const r = results[i];
    if (r === undefined || r.status === 'fulfilled') return [];
    const error: unknown = r.reason;
    return [{ name: m.name, error }];
  });
}

function describeDown(down: readonly ProxyDown[]): string {
  return down.map((d) => `${d.name} does not answer (${d.why})`).join('; ');
}

function tooManyDown(down: readonly ProxyDown[], count: number, tolerated: number): ProxyError {
  return new ProxyError(`${down.length} of ${count} proxies do not answer: ${describeDown(down)}; nothing was switched on any proxy`, {
    hint: tolerated === 0
      ? 'bring the proxy (its host, its Docker engine) back and run the command again; or, to switch the others and bring it up to date later, add --proxy-tolerate-down=N'
      : `at most ${tolerated} may be down (--proxy-tolerate-down); bring them back and run the command again`,
  });
}

/** The error of a tier change: one proxy's own (the same class: an interruption stays one), or a ProxyError naming each proxy and why. */
function failure(failed: readonly Failure[], what: string, signal: AbortSignal): DockerFlowError {
  const only = failed.length === 1 ? failed[0] : undefined;
  const message = `proxy ${failed.map((f) => `${f.name} (${messageOf(f.error)})`).join('; proxy ')} ${what}`;
  if (signal.aborted || failed.some((f) => f.error instanceof InterruptedError)) return new InterruptedError(message, { cause: only?.error });
  return new ProxyError(message, { hint: 'the stored routes are unchanged; see docker-flow proxy status, fix the proxy named, then run the command again', cause: only?.error });
}

function withPutBack(error: unknown, notBack: readonly Failure[]): unknown {
  if (notBack.length === 0) return error;
  return withContext(error, { after: `; putting ${notBack.map((n) => `${n.name} back failed too (${messageOf(n.error)})`).join(', ')}: the next docker-flow run, or proxy watch, settles ${notBack.length === 1 ? 'it' : 'them'}` });
}
