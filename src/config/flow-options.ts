import type { ProxyPlacement } from '../domain/proxy-placement';
import type { CanarySettings, ErrorRateLimit, ResponseTimeLimit } from '../domain/canary-settings';
import type { HostSpec } from '../domain/host';
import type { ScaleRequest } from '../domain/scale';

export const flowNames = ['deploy', 'scale', 'stop-old', 'proxy'] as const;
export type FlowName = (typeof flowNames)[number];

export type LogFormat = 'text' | 'json';
/** Whose catalog registrations a proxy routes to: docker-flow's own, or any (gliderlabs/registrator's too). */
export const catalogSources = ['docker-flow', 'any'] as const;
export type CatalogSource = (typeof catalogSources)[number];
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
  /** Consul agents in the order they are tried; empty: no Consul (the embedded store). */
  readonly consulAddresses: readonly string[];
  /** How long one Consul request is retried while Consul has no leader, answers 5xx or refuses connections. */
  readonly consulRetryMs: number;
  /** Whose catalog registrations proxy routes read: docker-flow's own (node-meta docker-flow:1) or any. */
  readonly catalogSource: CatalogSource;
  readonly consulToken?: string;
  /** Custom proxy templates; `false` (--no-consul-template-*-path) drops the one remembered with the route. */
  readonly consulTemplateBePath?: string | false;
  readonly consulTemplateFePath?: string | false;
  readonly flows: readonly FlowName[];
  /** The cluster: from `hosts:`, repeated -H, FLOW_HOST / DOCKER_HOST, or the local engine. */
  readonly hosts: readonly HostSpec[];
  readonly project: string;
  readonly proxyDockerCertPath?: string;
  /** --proxy-docker-host as given (empty when not set); `proxies` is the resolved tier. */
  readonly proxyDockerHosts: readonly string[];
  /** The proxy tier: one HAProxy per entry, switched together (`proxies:`, --proxy-docker-host; else the local process). */
  readonly proxies: readonly ProxyPlacement[];
  /** How many proxies of the tier may not answer while a route change still proceeds. */
  readonly proxyTolerateDown: number;
  /** The proxy container's name on each proxy host. */
  readonly proxyName: string;
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
  /** PEM (certificate chain + key) for HTTPS on proxyHttpsPort; absent: HTTP only. */
  readonly proxyCert?: string;
  readonly proxyHttpsPort: number;
  /** Image of the proxy container (--proxy-docker-host). */
  readonly proxyImage: string;
  readonly healthTimeoutMs: number;
  /** Engine API calls that take longer fail with UnreachableError naming the host, the call and this limit. */
  readonly engineTimeoutMs: number;
  /** Without a health check: how long an instance must stay running (not restarting) to count as healthy. */
  readonly settleMs: number;
  /** How long in-flight requests get to finish on a server before its container stops. */
  readonly drainMs: number;
  readonly dryRun: boolean;
  readonly logFormat: LogFormat;
  readonly logLevel: LogLevel;
  /** 0 = fail at once when another deploy holds the lock. */
  readonly lockWaitMs: number;
  /** With deploy + proxy: the percentage of requests the new colour gets (1-99) while the old one keeps the rest. */
  readonly canaryWeight?: number;
  /** --proxy-server-maxconn: given in this invocation (0: no limit); absent: the route keeps what it has. */
  readonly proxyServerMaxconn?: number;
  /** With deploy + proxy: the percentages of a stepped canary, increasing, ending at 100; empty: none. */
  readonly canarySteps: readonly number[];
  readonly canaryIntervalMs: number;
  readonly canaryMinRequests: number;
  readonly canaryMaxExtensions: number;
  readonly canaryMaxErrorRate: readonly ErrorRateLimit[];
  readonly canaryMaxResponseTime: readonly ResponseTimeLimit[];
  // Release safety (issue 6)
  /** Run once in a one-off container from the new image before any new instance starts (a shell string arrives as sh -c). */
  readonly releaseCommand?: readonly string[];
  readonly releaseCommandTimeoutMs: number;
  /** Commands run on this machine around a deploy (docker-flow.yml `hooks:` only). */
  readonly hooks: DeployHooks;
  /** URLs that get a JSON POST on deploy start, success, failure and rollback. */
  readonly notifyWebhooks: readonly string[];
  readonly notifyTimeoutMs: number;
  /** Retries after a failed delivery (with backoff). */
  readonly notifyRetries: number;
  /** Newest images of the target's repository kept on each host after a deploy; 0 keeps every image. */
  readonly keepImages: number;
  // Automation (issue 7)
  /** `schedules:` in docker-flow.yml: flows `docker-flow agent` runs on cron schedules. */
  readonly schedules: readonly FlowSchedule[];
  /** Image repository `docker-flow agent` polls for new semver tags (`127.0.0.1:5000/app`); absent: no polling. */
  readonly watchImage?: string;
  readonly watchIntervalMs: number;
  /** Whether pre-release tags (`1.3.0-rc.1`) count as new releases. */
  readonly watchPrereleases: boolean;
}

/** One entry of `schedules:` in docker-flow.yml. */
export interface FlowSchedule {
  /** Unique among the schedules; names the schedule in logs and `docker-flow status`. */
  readonly name: string;
  /** node-cron expression: 5 fields (minute hour day month weekday), or 6 with seconds first. */
  readonly cron: string;
  /** IANA time zone the expression is read in (`Europe/Paris`); the machine's own when absent. */
  readonly timezone?: string;
  /** Where it is written, for messages: `docker-flow.yml: schedules[1]`. */
  readonly key: string;
  /** The options of each run: the agent's options with the schedule's keys over them (its own `schedules` is empty). */
  readonly options: FlowOptions;
}

/** `hooks:` in docker-flow.yml: shell commands (each run with sh -c, in order) around a deploy. */
export interface DeployHooks {
  readonly beforeDeploy: readonly string[];
  readonly afterDeploy: readonly string[];
  readonly onFailure: readonly string[];
  /** Stepped canary: after each step passed (a failure aborts the canary), after the promotion, after an abort (failures only warn). */
  readonly canaryStep: readonly string[];
  readonly canaryPromoted: readonly string[];
  readonly canaryAborted: readonly string[];
  /** How long one hook command may run before it is stopped. */
  readonly timeoutMs: number;
  /** The project folder (where docker-flow.yml is) the commands run in. */
  readonly workingDir: string;
}

/** The stepped canary the options ask for, or undefined without --canary-steps. */
export function canarySettingsOf(options: FlowOptions): CanarySettings | undefined {
  if (options.canarySteps.length === 0) return undefined;
  return {
    steps: options.canarySteps,
    intervalMs: options.canaryIntervalMs,
    minRequests: options.canaryMinRequests,
    maxExtensions: options.canaryMaxExtensions,
    maxErrorRate: options.canaryMaxErrorRate,
    maxResponseTime: options.canaryMaxResponseTime,
  };
}
