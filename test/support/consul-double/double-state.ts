import { randomUUID } from 'node:crypto';
import type { AclStore } from './acl-store';
import type { CheckRecord, KvRecord, NodeRecord, ServiceRecord, SessionRecord } from './records';

/** The node name of the double's own agent (sorts after the catalog nodes tests register, as a real host name did). */
export const agentNodeName = 'local-agent';
export const agentAddress = '127.0.0.1';
/** What `status/leader` and `status/peers` name. */
export const serverAddress = '127.0.0.1:8300';

/**
 * The double's whole state, kept like Consul's state store: one raft index taken by every applied
 * write, per-table indexes (`kvs`, `tombstones`, `sessions`, `nodes`, `services`, `checks`,
 * `service.<name>`, `service_last_extinction`, `acl-tokens`...) that reads answer with, and
 * change listeners that wake blocking queries, which then look again.
 */
export class DoubleState {
  private raftIndex = 10;
  private readonly tables = new Map<string, number>();
  readonly kv = new Map<string, KvRecord>();
  /** Deleted keys and the index of their deletion (Consul's graveyard). */
  readonly tombstones = new Map<string, number>();
  readonly lockDelayUntilMs = new Map<string, number>();
  readonly sessions = new Map<string, SessionRecord>();
  readonly sessionTimers = new Map<string, NodeJS.Timeout>();
  readonly nodes = new Map<string, NodeRecord>();
  /** Keyed by `<node>/<service id>`. */
  readonly services = new Map<string, ServiceRecord>();
  /** Keyed by `<node>/<check id>`. */
  readonly checks = new Map<string, CheckRecord>();
  /** Service IDs registered through the agent API (its own node). */
  readonly agentServices = new Set<string>();
  private readonly listeners = new Set<() => void>();

  constructor(readonly acl: AclStore | undefined) {
    // The agent's node, its serfHealth check and the "consul" service of a server, from before any test.
    const index = this.nextIndex();
    this.nodes.set(agentNodeName, {
      id: randomUUID(),
      node: agentNodeName,
      address: agentAddress,
      taggedAddresses: { lan: agentAddress, lan_ipv4: agentAddress, wan: agentAddress, wan_ipv4: agentAddress },
      meta: { 'consul-network-segment': '' },
      createIndex: index,
      modifyIndex: index,
    });
    const serf = { node: agentNodeName, checkId: 'serfHealth', name: 'Serf Health Status', status: 'passing', notes: '', output: 'Agent alive and reachable', serviceId: '', serviceName: '', serviceTags: [], type: '' };
    this.checks.set(`${agentNodeName}/serfHealth`, { ...serf, createIndex: index, modifyIndex: index });
    this.services.set(`${agentNodeName}/consul`, { node: agentNodeName, id: 'consul', service: 'consul', tags: [], address: '', port: 8300, meta: null, createIndex: index, modifyIndex: index });
    for (const table of ['nodes', 'services', 'checks', 'service.consul', 'kvs', 'tombstones', 'sessions']) this.bump(table, index);
    // As on an agent that has seen services come and go: names never registered answer with this index.
    this.bump('service_last_extinction', index);
  }

  nextIndex(): number {
    this.raftIndex += 1;
    return this.raftIndex;
  }

  /** A table's index (0 when the table never changed). */
  index(table: string): number {
    return this.tables.get(table) ?? 0;
  }

  /** The highest index of several tables. */
  maxIndex(...tables: readonly string[]): number {
    return Math.max(0, ...tables.map((table) => this.index(table)));
  }

  bump(table: string, index: number): void {
    this.tables.set(table, Math.max(index, this.index(table)));
  }

  forget(table: string): void {
    this.tables.delete(table);
  }

  /** Wakes every blocking query so it can look again. */
  changed(): void {
    for (const listener of [...this.listeners]) listener();
  }

  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Stops every session timer (the double is shutting down). */
  stopTimers(): void {
    for (const timer of this.sessionTimers.values()) clearTimeout(timer);
    this.sessionTimers.clear();
  }
}
