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
  /** The legacy `Checks` field (not shown in answers, but enforced). */
  readonly legacyChecks: readonly string[];
  readonly nodeChecks: readonly string[];
  /** null when none were given (as Consul shows it). */
  readonly serviceChecks: readonly string[] | null;
  readonly createIndex: number;
  readonly modifyIndex: number;
}

export interface CheckRecord {
  readonly node: string;
  readonly checkId: string;
  readonly name: string;
  readonly status: string;
  readonly notes: string;
  readonly output: string;
  readonly serviceId: string;
  /** Denormalised from the service, as Consul keeps them (a service change rewrites its checks). */
  readonly serviceName: string;
  readonly serviceTags: readonly string[];
  /** "ttl" for agent checks with a TTL; "" for checks registered through the catalog. */
  readonly type: string;
  readonly createIndex: number;
  readonly modifyIndex: number;
}

export interface NodeRecord {
  /** "" for nodes registered through the catalog without an ID. */
  readonly id: string;
  readonly node: string;
  readonly address: string;
  readonly taggedAddresses: Readonly<Record<string, string>> | null;
  readonly meta: Readonly<Record<string, string>> | null;
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
  readonly meta: Readonly<Record<string, string>> | null;
  readonly createIndex: number;
  readonly modifyIndex: number;
}

/** The instances of the catalog with their node. */
export interface Instance {
  readonly node: NodeRecord;
  readonly service: ServiceRecord;
}
