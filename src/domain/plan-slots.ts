import { freeAddress, holdsServer, slotName, type ProxySlot, type RuntimeCommand, type SlotServer } from './proxy-slots';

/**
 * What a backend's slot table becomes so that it serves `desired`: at runtime (commands only), or
 * with a reload when the runtime API cannot get there (`why`), e.g. out of free slots (the table is
 * then doubled until everything fits).
 */
export type SlotPlan =
  | { readonly kind: 'runtime'; readonly slots: readonly ProxySlot[] }
  | { readonly kind: 'reload'; readonly slots: readonly ProxySlot[]; readonly why: string };

const key = (address: string, port: number): string => `${address}|${port}`;
const byName = (a: SlotServer, b: SlotServer): number => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

/** An IPv4 or IPv6 literal: the only addresses `set server … addr` takes. */
export function isIpAddress(address: string): boolean {
  return /^\d{1,3}(\.\d{1,3}){3}$/.test(address) || (address.includes(':') && /^[0-9A-Fa-f:.]+$/.test(address));
}

/**
 * Servers that stay keep their slot (a new weight or `ready` if needed); servers that go free their
 * slot (maint: in-flight requests finish, nothing new is sent); new servers take a free slot that
 * last held the same address and port (an instance started again), else the lowest free slot. A
 * slot freed by this change is not reused in it, so requests to the server leaving are never
 * confused with requests to the one arriving.
 */
export function planSlots(backend: string, current: readonly ProxySlot[], desired: readonly SlotServer[]): SlotPlan {
  const waiting = [...desired].sort(byName);
  const next: ProxySlot[] = [];
  const freedNow = new Set<number>();
  current.forEach((slot, index) => {
    const match = holdsServer(slot) ? waiting.findIndex((s) => key(s.address, s.port) === key(slot.address, slot.port)) : -1;
    const server = match < 0 ? undefined : waiting.splice(match, 1)[0];
    if (server !== undefined) next.push({ ...slot, weight: server.weight, admin: 'ready' });
    else {
      if (holdsServer(slot)) freedNow.add(index);
      next.push({ ...slot, admin: 'maint' });
    }
  });
  const hostNamed = waiting.find((s) => !isIpAddress(s.address));
  const place = (server: SlotServer, index: number): void => {
    next[index] = { name: slotName(index), address: server.address, port: server.port, weight: server.weight, admin: 'ready' };
  };
  // an instance started again at its old address and port gets its old slot back
  for (const server of [...waiting]) {
    const index = next.findIndex((slot, i) => !holdsServer(slot) && !freedNow.has(i) && key(slot.address, slot.port) === key(server.address, server.port));
    if (index < 0) continue;
    place(server, index);
    waiting.splice(waiting.indexOf(server), 1);
  }
  const free = (): number[] => next.flatMap((slot, index) => (!holdsServer(slot) && !freedNow.has(index) ? [index] : []));
  const before = next.length;
  while (free().length < waiting.length) {
    const size = next.length;
    for (let index = size; index < Math.max(1, size * 2); index += 1) next.push({ name: slotName(index), address: freeAddress, port: 0, weight: 1, admin: 'maint' });
  }
  const slots = free();
  waiting.forEach((server, i) => place(server, slots[i] ?? -1));
  if (next.length > before) return { kind: 'reload', slots: next, why: `${backend} needs ${desired.length + freedNow.size} slots at once and has ${before}: growing to ${next.length}` };
  if (hostNamed !== undefined) return { kind: 'reload', slots: next, why: `server ${hostNamed.name} of ${backend} has the host name address ${hostNamed.address} (the runtime API sets IP addresses only)` };
  return { kind: 'runtime', slots: next };
}

/**
 * The commands that turn table `from` into `to` (same length): servers arriving are set up and made
 * ready first, then servers leaving are put in maintenance, so the backend never has nothing to
 * serve with. Used forwards, and backwards to revert.
 */
export function slotCommands(backend: string, from: readonly ProxySlot[], to: readonly ProxySlot[]): readonly RuntimeCommand[] {
  const up: RuntimeCommand[] = [];
  const down: RuntimeCommand[] = [];
  to.forEach((want, index) => {
    const was = from[index];
    if (was === undefined) return;
    const slot = want.name;
    if (!holdsServer(want)) {
      if (holdsServer(was)) down.push({ kind: 'state', backend, slot, state: 'maint' });
      return;
    }
    if (key(was.address, was.port) !== key(want.address, want.port)) up.push({ kind: 'addr', backend, slot, address: want.address, port: want.port });
    if (was.weight !== want.weight) up.push({ kind: 'weight', backend, slot, weight: want.weight });
    if (was.admin !== want.admin) up.push({ kind: 'state', backend, slot, state: want.admin });
  });
  return [...up, ...down];
}
