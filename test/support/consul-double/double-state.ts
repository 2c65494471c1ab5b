/** A KV entry as Consul's state store keeps it. */
export interface KvRecord {
  readonly key: string;
  readonly value: Buffer;
  readonly flags: string;
  readonly createIndex: number;
  readonly modifyIndex: number;
  readonly lockIndex: number;
  readonly session?: string;
}

export interface SessionRecord {
  readonly id: string;
  readonly name: string;
  readonly node: string;
  readonly lockDelayMs: number;
  readonly behavior: 'release' | 'delete';
  /** As given at creation ("" = no TTL). */
  readonly ttl: string;
  readonly ttlMs: number;
  readonly nodeChecks: readonly string[];
  readonly createIndex: number;
  readonly modifyIndex: number;
}

export interface CheckRecord {
  readonly node: string;
  readonly checkId: string;
  readonly name: string;
  readonly status: string;
  readonly serviceId: string;
  readonly notes: string;
  /** "ttl" for agent checks with a TTL; "" for checks registered through the catalog (nobody runs them). */
  readonly type: string;
  readonly createIndex: number;
  readonly modifyIndex: number;
}

export interface NodeRecord {
  readonly id: string;
  readonly node: string;
  readonly address: string;
  readonly meta: Readonly<Record<string, string>>;
  readonly createIndex: number;
  readonly modifyIndex: number;
}

export interface ServiceRecord {
  readonly node: string;
  readonly id: string;
  readonly service: string;
  readonly tags: readonly string[];
  readonly address: string;
  readonly port: number;
  readonly meta: Readonly<Record<string, string>>;
  readonly createIndex: number;
  readonly modifyIndex: number;
}

export const agentNodeName = 'consul-double';

/**
 * The double's whole state: one raft index shared by every write, per-table indexes for
 * X-Consul-Index, and change listeners that wake blocking queries.
 */
export class DoubleState {
  private raftIndex = 10;
  readonly kv = new Map<string, KvRecord>();
  /** Deleted keys and the index of their deletion, like Consul's tombstones. */
  readonly tombstones = new Map<string, number>();
  readonly lockDelayUntilMs = new Map<string, number>();
  readonly sessions = new Map<string, SessionRecord>();
  readonly sessionTimers = new Map<string, NodeJS.Timeout>();
  readonly nodes = new Map<string, NodeRecord>();
  /** Keyed by `<node>/<service id>`. */
  readonly services = new Map<string, ServiceRecord>();
  /** Keyed by `<node>/<check id>`. */
  readonly checks = new Map<string, CheckRecord>();
  kvIndex = 1;
  sessionIndex = 1;
  catalogIndex = 1;
  /** Last index at which each service name changed (register or deregister). */
  readonly serviceIndex = new Map<string, number>();
  private readonly listeners = new Set<() => void>();

  constructor() {
    const index = this.nextIndex();
    this.nodes.set(agentNodeName, { id: '6f7a4c2e-0000-4000-8000-000000000001', node: agentNodeName, address: '127.0.0.1', meta: {}, createIndex: index, modifyIndex: index });
    this.checks.set(`${agentNodeName}/serfHealth`, { node: agentNodeName, checkId: 'serfHealth', name: 'Serf Health Status', status: 'passing', serviceId: '', notes: '', type: '', createIndex: index, modifyIndex: index });
    // Like a Consul server, the agent's node carries the "consul" service itself.
    this.services.set(`${agentNodeName}/consul`, { node: agentNodeName, id: 'consul', service: 'consul', tags: [], address: '', port: 8300, meta: {}, createIndex: index, modifyIndex: index });
    this.serviceIndex.set('consul', index);
    this.catalogIndex = index;
  }

  nextIndex(): number {
    this.raftIndex += 1;
    return this.raftIndex;
  }

  /** Wakes every blocking query so it can look again. */
  changed(): void {
    for (const listener of [...this.listeners]) listener();
  }

  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Ends a session (destroyed or TTL expired): its locks are released (or their keys deleted,
   * behavior "delete") and held back for the session's lock-delay.
   */
  invalidateSession(id: string): void {
    const session = this.sessions.get(id);
    if (session === undefined) return;
    const index = this.nextIndex();
    clearTimeout(this.sessionTimers.get(id));
    this.sessionTimers.delete(id);
    this.sessions.delete(id);
    this.sessionIndex = index;
    for (const record of [...this.kv.values()]) {
      if (record.session !== id) continue;
      if (session.lockDelayMs > 0) this.lockDelayUntilMs.set(record.key, Date.now() + session.lockDelayMs);
      if (session.behavior === 'delete') {
        this.kv.delete(record.key);
        this.tombstones.set(record.key, index);
      } else {
        const { session: _released, ...rest } = record;
        this.kv.set(record.key, { ...rest, modifyIndex: index });
      }
      this.kvIndex = index;
    }
    this.changed();
  }

  /** Stops every session timer (the double is shutting down). */
  stopTimers(): void {
    for (const timer of this.sessionTimers.values()) clearTimeout(timer);
    this.sessionTimers.clear();
  }
}
