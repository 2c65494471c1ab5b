import type { CatalogInstance } from '../domain/catalog-instance';

/**
 * The service catalog (what registrator kept in Consul). Implemented by ConsulCatalog; without Consul the
 * embedded mode has no catalog (the engines themselves are the source of truth).
 */
export interface ServiceCatalog {
  readonly description: string;
  /** Registers (or updates) an instance, with a passing TTL or HTTP check as the adapter chooses. */
  register(instance: CatalogInstance, signal: AbortSignal): Promise<void>;
  /** Removes an instance; no error when it is not registered. */
  deregister(id: string, signal: AbortSignal): Promise<void>;
  /** Every instance registered by docker-flow (all services), sorted by id. */
  list(signal: AbortSignal): Promise<readonly CatalogInstance[]>;
  /** The instances of one catalog name whose health checks pass (what a proxy routes to), sorted by id. */
  passingInstances(name: string, signal: AbortSignal): Promise<readonly CatalogInstance[]>;
  /**
   * Waits until docker-flow's part of the catalog changes after `afterIndex` (a blocking query),
   * or `waitMs` passes, and returns the current index; `afterIndex` 0 returns it at once. An
   * index lower than `afterIndex` means the catalog was reset: start again from 0.
   */
  waitForChange(afterIndex: number, waitMs: number, signal: AbortSignal): Promise<number>;
}
