/**
 * Server slots: every generated backend is rendered with a fixed number of named servers
 * (`s1`..`sN`) that the proxy's runtime API can fill, empty and reweight without a reload. A slot
 * holds one server (an address and port) or is free (in maintenance, address 0.0.0.0:0 in the file).
 */
export type SlotAdmin = 'ready' | 'drain' | 'maint';

export interface ProxySlot {
  /** `s1`, `s2`, ... in order. */
  readonly name: string;
  /** The server's address (IP, or the host name it was configured with); `0.0.0.0` when the slot never held one. */
  readonly address: string;
  readonly port: number;
  /** HAProxy user weight 0..256. */
  readonly weight: number;
  /** ready: takes requests; drain: only finishes what it has; maint: free (takes nothing, its address is meaningless). */
  readonly admin: SlotAdmin;
}

/** A server a backend should send requests to, with its weight (1 outside canaries). */
export interface SlotServer {
  readonly name: string;
  readonly address: string;
  readonly port: number;
  readonly weight: number;
}

/** A runtime API command as data: the adapter writes it as HAProxy CLI text. */
export type RuntimeCommand =
  | { readonly kind: 'addr'; readonly backend: string; readonly slot: string; readonly address: string; readonly port: number }
  | { readonly kind: 'weight'; readonly backend: string; readonly slot: string; readonly weight: number }
  | { readonly kind: 'state'; readonly backend: string; readonly slot: string; readonly state: SlotAdmin };

export const freeAddress = '0.0.0.0';
/** A backend gets at least this many slots: a blue-green switch of up to 4 instances fits without a reload. */
export const minSlots = 8;

const freeSlot = (index: number): ProxySlot => ({ name: slotName(index), address: freeAddress, port: 0, weight: 1, admin: 'maint' });

export function slotName(index: number): string {
  return `s${index + 1}`;
}

/** Slots for `servers` servers: room for the same number again (a switch holds both colours for a moment), at least minSlots. */
export function slotCapacity(servers: number, minimum = minSlots): number {
  return Math.max(1, minimum, servers * 2);
}

/** A new backend's table: the servers in s1.. (sorted by name), the rest free. */
export function freshSlots(servers: readonly SlotServer[], capacity = slotCapacity(servers.length)): readonly ProxySlot[] {
  const sorted = [...servers].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return Array.from({ length: Math.max(capacity, sorted.length) }, (_, index): ProxySlot => {
    const server = sorted[index];
    return server === undefined ? freeSlot(index) : { name: slotName(index), address: server.address, port: server.port, weight: server.weight, admin: 'ready' };
  });
}

/** True when a slot holds a server (it takes or finishes requests). */
export function holdsServer(slot: ProxySlot): boolean {
  return slot.admin !== 'maint';
}

/** Whether two tables serve the same: the same held servers in the same slots with the same weights and states; free slots are equal whatever address they last had. */
export function sameSlots(a: readonly ProxySlot[], b: readonly ProxySlot[]): boolean {
  return a.length === b.length && a.every((slot, index) => describeSlot(slot) === describeSlot(b[index] ?? freeSlot(index)));
}

/** `s3 10.0.0.1:8080 weight 1 ready`, or `s3 free`. */
export function describeSlot(slot: ProxySlot): string {
  return holdsServer(slot) ? `${slot.name} ${slot.address}:${slot.port} weight ${slot.weight} ${slot.admin}` : `${slot.name} free`;
}

/** The first slot whose state differs between `expected` and `seen` (undefined when they serve the same). */
export function firstSlotDifference(expected: readonly ProxySlot[], seen: readonly ProxySlot[]): { readonly expected: string; readonly seen: string } | undefined {
  const length = Math.max(expected.length, seen.length);
  for (let index = 0; index < length; index += 1) {
    const want = expected[index];
    const got = seen[index];
    const wanted = want === undefined ? 'no slot' : describeSlot(want);
    const saw = got === undefined ? 'no slot' : describeSlot(got);
    if (wanted !== saw) return { expected: wanted, seen: saw };
  }
  return undefined;
}
