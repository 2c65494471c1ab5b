import { chmod, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import path from 'node:path';

import { ConfigError, ProxyError } from '../../errors';
import { readTextIfExists, writeFileAtomic } from '../state/atomic-files';
import type { Logger } from '../../logger';
import { ensurePortFree, findMaster, sendSignal, startDaemon, stopMaster } from './haproxy-daemon';
import { checkSocketPaths, localProxyFiles, type LocalProxyFiles } from './local-proxy-files';
import { showProc } from './master-cli';
import { pollUntil } from './poll-until';
import { certificateDigest, type ProxyCertificate, type ProxyRenderTarget, type ProxyRuntime, type ProxyRuntimeStatus, type ServerState } from './proxy-runtime';
import { newBindAddresses } from './new-binds';
import { fetchServedVersion, reachableAddress } from './served-version';
import { sendSocketCommand } from './unix-socket-command';
import { validateConfig } from './validate-config';

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

  constructor(private readonly options: LocalHaproxyRuntimeOptions) {
    this.files = localProxyFiles(options.dir);
    this.haproxyPath = options.haproxyPath ?? 'haproxy';
    this.readyTimeoutMs = options.readyTimeoutMs ?? 15_000;
    const certificate = options.certificate;
    this.renderTarget = {
      httpPort: options.httpPort, statusPort: options.statusPort, statusBind: options.statusBind ?? '127.0.0.1', socketPath: this.files.statsSocket,
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
    const candidate = path.join(this.files.dir, `.haproxy.cfg.${randomBytes(6).toString('hex')}`);
    try {
      await writeFile(candidate, text, { mode: 0o600, flag: 'wx' });
      const check = await validateConfig(candidate, text, { haproxyPath: this.haproxyPath, timeoutMs: 30_000 }, signal);
      for (const warning of check.warnings) this.options.logger.warn('HAProxy warning', { warning });
      if (pid === undefined) {
        await ensurePortFree('0.0.0.0', this.options.httpPort, '--proxy-port');
        await ensurePortFree(this.renderTarget.statusBind, this.options.statusPort, '--proxy-reconf-port');
      }
      // haproxy -c does not try binds, and a reload whose bind fails pauses the running listeners for seconds
      for (const bind of newBindAddresses(pid === undefined ? undefined : current, text)) await ensurePortFree(bind.host, bind.port, 'the custom frontend template (--consul-template-fe-path)');
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
    await this.waitForVersion(version, current, signal);
    return { changed: true };
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

  async setServerState(backend: string, server: string, state: ServerState, signal: AbortSignal): Promise<void> {
    for (const [what, name] of [['backend', backend], ['server', server]] as const) {
      if (!/^[A-Za-z0-9._:-]+$/.test(name)) throw new ConfigError(`proxy ${what}`, `"${name}" is not an HAProxy ${what} name`, { hint: 'names are made of letters, digits, ".", "_", ":" and "-"' });
    }
    const answer = (await sendSocketCommand(this.files.statsSocket, `set server ${backend}/${server} state ${state}`, signal)).trim();
    if (answer !== '') {
      throw new ProxyError(`HAProxy refused to set ${backend}/${server} to ${state}: ${answer}`, { hint: 'check the names with docker-flow status; the proxy is unchanged' });
    }
    this.options.logger.info('proxy server state set', { backend, server, state });
  }

  private servedVersion(signal: AbortSignal): Promise<string | undefined> {
    return fetchServedVersion(reachableAddress(this.renderTarget.statusBind), this.options.statusPort, signal);
  }

  /** Polls the status endpoint; on timeout restores the previous file (the old worker still serves it) and throws. */
  private async waitForVersion(version: string, previous: string | undefined, signal: AbortSignal): Promise<void> {
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
    if (previous !== undefined) await writeFile(this.files.config, previous, { mode: 0o600 });
    throw new ProxyError(
      `the local HAProxy did not serve configuration ${version} within ${this.readyTimeoutMs} ms (it serves ${last ?? 'nothing'}${processes === undefined ? '' : `; failed reloads: ${processes.failedReloads}`})`,
      { hint: `see ${this.files.log}; the previous configuration was put back` },
    );
  }
}
