import type { DockerEngine } from '../ports/docker-engine';
import type { LockManager } from '../ports/lock-manager';
import type { ServiceCatalog } from '../ports/service-catalog';
import type { Clock } from '../clock';
import type { ProgressSink } from '../apply/progress';
import type { ProxyGateway } from '../apply/proxy-gateway';
import type { FlowOptions } from '../config/flow-options';
import type { Logger } from '../logger';
import type { ServiceStore } from '../store/service-store';
import type { LockGuard } from './lock-guard';

/** Everything a use case needs, built once by the CLI (tests build their own). */
export interface FlowContext {
  readonly options: FlowOptions;
  readonly cwd: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly logger: Logger;
  readonly progress: ProgressSink;
  readonly clock: Clock;
  readonly signal: AbortSignal;
  /** One engine per host of the cluster, keyed by host name. */
  readonly engines: ReadonlyMap<string, DockerEngine>;
  readonly store: ServiceStore;
  readonly locks: LockManager;
  /** The Consul catalog when --consul-address is set; undefined on the embedded store. */
  readonly catalog?: ServiceCatalog;
  /** Built on first use, so flows without the proxy never touch it. */
  readonly proxy: () => ProxyGateway;
  /** Who runs the command (user@hostname), for locks and release records. */
  readonly who: string;
  /** The deploy lock a flow runs under (set while it holds it): no step runs without it. */
  readonly lockGuard?: LockGuard;
  /** Where each option set by the user came from (`--canary-steps`, `docker-flow.yml: canary.steps`), for messages; absent in tests. */
  readonly optionSources?: Readonly<Partial<Record<keyof FlowOptions, string>>>;
  /** Plain output for the user (dry-run plans, status tables). */
  readonly print: (line: string) => void;
}
