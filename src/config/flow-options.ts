import type { HostSpec } from '../domain/host';
import type { ScaleRequest } from '../domain/scale';

export const flowNames = ['deploy', 'scale', 'stop-old', 'proxy'] as const;
export type FlowName = (typeof flowNames)[number];

export type LogFormat = 'text' | 'json';
export type LogLevel = 'error' | 'warn' | 'info' | 'debug';

/**
 * The options every use case receives, after docker-flow.yml < environment < flags were merged
 * key by key and validated. Produced only by `config/load-options.ts`.
 */
export interface FlowOptions {
  // SPEC §2
  readonly blueGreen: boolean;
  readonly certPath?: string;
  /** One or more compose files, merged in order like `docker compose -f a -f b`. */
  readonly composePaths: readonly string[];
  readonly consulAddress?: string;
  readonly consulToken?: string;
  readonly consulTemplateBePath?: string;
  readonly consulTemplateFePath?: string;
  readonly flows: readonly FlowName[];
  /** The cluster: from `hosts:`, repeated -H, FLOW_HOST / DOCKER_HOST, or the local engine. */
  readonly hosts: readonly HostSpec[];
  readonly project: string;
  readonly proxyDockerCertPath?: string;
  readonly proxyDockerHost?: string;
  /** Where clients reach the proxy (host, optionally :port). */
  readonly proxyHost?: string;
  readonly proxyReconfPort: number;
  readonly pullSideTargets: boolean;
  readonly scale?: ScaleRequest;
  readonly servicePaths: readonly string[];
  readonly sideTargets: readonly string[];
  /** Required for flows; optional for `status` and friends. */
  readonly target?: string;
  // Beyond the original
  /** Folder of the embedded store, the local proxy's files and locks. */
  readonly stateDir: string;
  /** Port the proxy's HTTP frontend listens on. */
  readonly proxyPort: number;
  readonly healthTimeoutMs: number;
  /** Without a health check: how long an instance must stay running (not restarting) to count as healthy. */
  readonly settleMs: number;
  /** How long in-flight requests get to finish on a server before its container stops. */
  readonly drainMs: number;
  readonly dryRun: boolean;
  readonly logFormat: LogFormat;
  readonly logLevel: LogLevel;
  /** 0 = fail at once when another deploy holds the lock. */
  readonly lockWaitMs: number;
}
