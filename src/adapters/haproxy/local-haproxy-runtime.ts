import { chmod, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { performance } from 'node:perf_hooks';

import { messageOf, ProxyError } from '../../errors';
import { readTextIfExists, writeFileAtomic } from '../state/atomic-files';
import type { Logger } from '../../logger';
import { ensurePortFree, findMaster, sendSignal, startDaemon, stopMaster } from './haproxy-daemon';
import { checkSocketPaths, localProxyFiles, type LocalProxyFiles } from './local-proxy-files';
import { showProc } from './master-cli';
import type { RunningProxy, RuntimeChange, ProxyCertificate, ProxyRenderTarget, ProxyRuntime, ProxyRuntimeStatus, RuntimeSwitch, SlotStats } from '../../ports/proxy-runtime';
import { pollUntil } from './poll-until';
import { certificateDigest } from './certificate-digest';
import { newBindAddresses } from './new-binds';
import { versionMapText } from './render-proxy-config';
import { parseServersState } from './runtime-api';
import { reverted, switchAtRuntime, type AdminChannel } from './runtime-switch';
import { fetchServedVersion, reachableAddress } from './served-version';
import { parseServerStats, showStatText } from './server-stats';
import { sendSocketCommands } from './unix-socket-command';
import { validateConfig } from './validate-config';
import { stepTimeline } from '../../step-timeline';
import { systemClock } from '../../clock';
import { parseResponseLog, showEventsText, type ResponseSample } from './response-log';

export interface LocalHaproxyRuntimeOptions {
  /** Folder of the proxy's files, e.g. `<stateDir>/proxy`; created mode 700. */
  readonly dir: string;
  readonly httpPort: number;
  readonly statusPort: number;
  /** Address of the status endpoint; 127.0.0.1 by default. */
  readonly statusBind?: string;
  readonly haproxyPath?: string;
  readonly logger: Logger;
  /** How long to wait for the proxy to serve a new version after start or reload (15 s). */
  readonly readyTimeoutMs?: number;
  /** How long `stop` lets workers finish before SIGTERM (30 s). */
  readonly stopGraceMs?: number;
  /** HTTPS too, with this certificate (copied to `<dir>/proxy-cert.pem`, mode 600). */
  readonly certificate?: ProxyCertificate;
}

/** A local HAProxy in master-worker mode that docker-flow starts when missing and finds again by its pid file. */
export class LocalHaproxyRuntime implements ProxyRuntime {
  readonly renderTarget: ProxyRenderTarget;
  private readonly files: LocalProxyFiles;
  private readonly haproxyPath: string;
  private readonly readyTimeoutMs: number;
  private readonly admin: AdminChannel;

  constructor(private readonly options: LocalHaproxyRuntimeOptions) {
    this.files = localProxyFiles(options.dir);
    this.haproxyPath = options.haproxyPath ?? 'haproxy';
    this.readyTimeoutMs = options.readyTimeoutMs ?? 15_000;
    this.admin = { send: (lines, signal) => sendSocketCommands(this.files.statsSocket, lines, signal) };
    const certificate = options.certificate;
    this.renderTarget = {
      httpPort: options.httpPort, statusPort: options.statusPort, statusBind: options.statusBind ?? '127.0.0.1', socketPath: this.files.statsSocket, versionMap: this.files.versionMap,
      ...(certificate === undefined ? {} : { https: { port: certificate.httpsPort, certFile: this.files.certificate, certDigest: certificateDigest(certificate.pem) } }),
    };
  }

  describe(): string {
    return `local HAProxy (${this.files.dir})`;
  }

  async apply(text: string, version: string, signal: AbortSignal): Promise<{ readonly changed: boolean }> {
    checkSocketPaths(this.files);
    await mkdir(this.files.dir, { recursive: true, mode: 0o700 });
    const pid = await findMaster(this.files);
    const current = await readFile(this.files.config, 'utf8').catch(() => undefined);
    if (pid !== undefined && current === text && (await this.servedVersion(signal)) === version) {
      this.options.logger.debug('proxy configuration unchanged', { version, pid });
      return { changed: false };
    }
    await this.placeCertificate(signal);
    const previousMap = await readTextIfExists(this.files.versionMap);
    // `haproxy -c` loads the map: a first start needs one before the check
    if (previousMap === undefined) await writeFileAtomic(this.files.versionMap, versionMapText(version), signal);
    const candidate = await this.writeCandidate(text);
    try {
      const check = await validateConfig(candidate, text, { haproxyPath: this.haproxyPath, timeoutMs: 30_000 }, signal);
      for (const warning of check.warnings) this.options.logger.warn('HAProxy warning', { warning });
      if (pid === undefined) {
        await ensurePortFree('0.0.0.0', this.options.httpPort, '--proxy-port');
        await ensurePortFree(this.renderTarget.statusBind, this.options.statusPort, '--proxy-reconf-port');
      }
      // haproxy -c does not try binds, and a reload whose bind fails pauses the running listeners for seconds
      for (const bind of newBindAddresses(pid === undefined ? undefined : current, text)) await ensurePortFree(bind.host, bind.port, 'the custom frontend template (--consul-template-fe-path)');
      await writeFileAtomic(this.files.versionMap, versionMapText(version), signal);
      await chmod(candidate, 0o600);
      await rename(candidate, this.files.config);
    } finally {
      await rm(candidate, { force: true });
    }
    if (pid === undefined) {
      this.options.logger.info('starting the local HAProxy', { dir: this.files.dir, version });
      await startDaemon(this.haproxyPath, this.files, this.readyTimeoutMs, signal);
    } else {
      this.options.logger.info('reloading the local HAProxy', { pid, version });
      sendSignal(pid, 'SIGUSR2');
    }
    await this.waitForVersion(version, { config: current, versionMap: previousMap }, signal);
    return { changed: true };
  }

  async inspect(signal: AbortSignal): Promise<RunningProxy | undefined> {
    if ((await findMaster(this.files)) === undefined) return undefined;
    const [text, version, state] = await Promise.all([
      readTextIfExists(this.files.config),
      this.servedVersion(signal),
      this.admin.send(['show servers state'], signal).then((output) => ({ output }), (error: unknown) => ({ error: messageOf(error) })),
    ]);
    return { text, version, slots: 'output' in state ? parseServersState(state.output) : new Map(), ...('error' in state ? { adminError: state.error } : {}) };
  }

  /**
   * The change through the stats socket, confirmed by read-back and by the status endpoint, while
   * `haproxy -c` checks the rewritten file (started at once, so the check does not delay the moment
   * traffic moves); the file and the version map are written once both passed. Any failure before
   * that puts the servers back (see switchAtRuntime) and leaves the files as they were.
   */
  async applyRuntime(change: RuntimeChange, signal: AbortSignal, beforeSwitch?: () => Promise<void>): Promise<RuntimeSwitch> {
    const timeline = stepTimeline(systemClock);
    const candidate = await timeline.after('candidate', this.writeCandidate(change.text));
    const mapCandidate = `${candidate}.map`;
    const checking = timeline.after('checked', validateConfig(candidate, change.text, { haproxyPath: this.haproxyPath, timeoutMs: 30_000 }, signal)).then(() => undefined, (error: unknown) => error);
    try {
      await timeline.after('intent', beforeSwitch?.() ?? Promise.resolve());
      const started = performance.now();
      await timeline.after('switched', switchAtRuntime(this.admin, change, this.files.versionMap, this.describe(), signal));
      const served = await timeline.after('served', this.servedVersion(signal));
      const confirmedMs = performance.now() - started;
      const failure = served === change.version ? await checking : new Error(`the status endpoint serves ${served ?? 'nothing'} instead of ${change.version}`);
      if (failure !== undefined) throw await reverted(this.admin, change, this.files.versionMap, messageOf(failure), AbortSignal.timeout(30_000));
      await writeFile(mapCandidate, versionMapText(change.version), { mode: 0o600, flag: 'wx' });
      await rename(mapCandidate, this.files.versionMap);
      await rename(candidate, this.files.config);
      timeline.mark('written');
      this.options.logger.debug(`runtime change: ${timeline.text()} (when each part finished, from the start of the change)`, { runtimeTimeline: timeline.marks() });
      return { confirmedMs };
    } finally {
      await checking;
      await Promise.all([rm(candidate, { force: true }), rm(mapCandidate, { force: true })]);
    }
  }

  async serverStats(backend: string, signal: AbortSignal): Promise<readonly SlotStats[]> {
    return parseServerStats(await this.admin.send([showStatText(backend)], signal), backend);
  }

  async responseSamples(backend: string, signal: AbortSignal): Promise<readonly ResponseSample[]> {
    return parseResponseLog(await this.admin.send([showEventsText()], signal), backend);
  }

  /** A uniquely named candidate beside the configuration (mode 600), for `haproxy -c`. */
  private async writeCandidate(text: string): Promise<string> {
    const candidate = path.join(this.files.dir, `.haproxy.cfg.${randomBytes(6).toString('hex')}`);
    await writeFile(candidate, text, { mode: 0o600, flag: 'wx' });
    return candidate;
  }

  /** The certificate where the configuration names it, written atomically (mode 600) when it changed; before `haproxy -c` reads it. */
  private async placeCertificate(signal: AbortSignal): Promise<void> {
    const pem = this.options.certificate?.pem;
    if (pem !== undefined && (await readTextIfExists(this.files.certificate)) !== pem) await writeFileAtomic(this.files.certificate, pem, signal);
  }

  async waitForOldWorkers(timeoutMs: number, signal: AbortSignal): Promise<void> {
    const done = await pollUntil(
      'waiting for old HAProxy workers',
      async () => {
        if ((await findMaster(this.files)) === undefined) return true;
        const processes = await showProc(this.files.masterSocket, signal);
        return processes !== undefined && processes.workers.every((worker) => !worker.old) ? true : undefined;
      },
      { timeoutMs, intervalMs: 100, signal },
    );
    if (done === undefined) this.options.logger.warn('old HAProxy workers still finish requests; continuing', { timeoutMs });
  }

  async status(signal: AbortSignal): Promise<ProxyRuntimeStatus> {
    const pid = await findMaster(this.files);
    const base = { listen: `*:${this.options.httpPort}`, httpPort: this.options.httpPort, statusPort: this.options.statusPort, configPath: this.files.config };
    if (pid === undefined) return { running: false, ...base, workers: [] };
    const [version, processes] = await Promise.all([this.servedVersion(signal), showProc(this.files.masterSocket, signal)]);
    return {
      running: true,
      pid,
      ...base,
      ...(version === undefined ? {} : { version }),
      workers: processes?.workers ?? [],
      ...(processes === undefined ? {} : { reloads: processes.reloads }),
    };
  }

  async stop(signal: AbortSignal): Promise<void> {
    const pid = await findMaster(this.files);
    if (pid === undefined) return;
    this.options.logger.info('stopping the local HAProxy', { pid });
    await stopMaster(pid, this.files, this.options.stopGraceMs ?? 30_000, signal);
  }

  private servedVersion(signal: AbortSignal): Promise<string | undefined> {
    return fetchServedVersion(reachableAddress(this.renderTarget.statusBind), this.options.statusPort, signal);
  }

  /** Polls the status endpoint; on timeout restores the previous file (the old worker still serves it) and throws. */
  private async waitForVersion(version: string, previous: { readonly config: string | undefined; readonly versionMap: string | undefined }, signal: AbortSignal): Promise<void> {
    let last: string | undefined;
    const served = await pollUntil(
      'waiting for the proxy to serve the new configuration',
      async () => {
        last = await this.servedVersion(signal);
        return last === version ? last : undefined;
      },
      { timeoutMs: this.readyTimeoutMs, intervalMs: 50, signal },
    );
    if (served !== undefined) return;
    const processes = await showProc(this.files.masterSocket, signal);
    if (previous.config !== undefined) await writeFile(this.files.config, previous.config, { mode: 0o600 });
    if (previous.versionMap !== undefined) await writeFile(this.files.versionMap, previous.versionMap, { mode: 0o600 });
    throw new ProxyError(
      `the local HAProxy did not serve configuration ${version} within ${this.readyTimeoutMs} ms (it serves ${last ?? 'nothing'}${processes === undefined ? '' : `; failed reloads: ${processes.failedReloads}`})`,
      { hint: `see ${this.files.log}; the previous configuration was put back` },
    );
  }
}
