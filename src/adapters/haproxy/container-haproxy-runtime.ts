import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';

import { ProxyError } from '../../errors';
import type { Logger } from '../../logger';
import type { DockerEngine } from '../../ports/docker-engine';
import { containerAdminChannel, containerAdminHost, containerAdminPort, inspectCommand, parseInspectOutput, parseRuntimeApplyOutput, restoreFilesCommand, runtimeApplyCommand } from './container-admin';
import { containerWorkers } from './container-workers';
import type { RunningProxy, RuntimeChange, ProxyCertificate, ProxyRenderTarget, ProxyRuntime, ProxyRuntimeStatus, RuntimeSwitch, SlotStats } from '../../ports/proxy-runtime';
import { pollUntil } from './poll-until';
import { containerConfigDir, containerHttpPort, containerHttpsPort, defaultProxyImage, ensureProxyContainer, proxyContainerName, type ProxyContainerSettings } from './proxy-container';
import { certificateDigest } from './certificate-digest';
import { versionMapText } from './render-proxy-config';
import { commandText } from './runtime-api';
import { changeLines, problemIn, reverted, type AdminChannel } from './runtime-switch';
import { answersHttp, fetchServedVersion } from './served-version';
import { parseServerStats, showStatText } from './server-stats';
import { filesTar, singleFileTar } from './single-file-tar';
import { checkFailure } from './validate-config';
import { parseResponseLog, showEventsText, type ResponseSample } from './response-log';

export interface ContainerHaproxyRuntimeOptions {
  /** The engine of the proxy host (--proxy-docker-host); ports are published on its host's address. */
  readonly engine: DockerEngine;
  readonly httpPort: number;
  readonly statusPort: number;
  readonly image?: string;
  readonly containerName?: string;
  /** Extra labels on the container (tests mark what they create). */
  readonly labels?: Readonly<Record<string, string>>;
  readonly haproxyPath?: string;
  readonly logger: Logger;
  readonly readyTimeoutMs?: number;
  /** Grace period of `stop` (the image's stop signal SIGUSR1 lets workers finish). */
  readonly stopGraceSec?: number;
  /** HTTPS too: the certificate is delivered into the container, its port published as `httpsPort`. */
  readonly certificate?: ProxyCertificate;
}

const configPath = `${containerConfigDir}/haproxy.cfg`;
const lastGoodPath = `${configPath}.last-good`;
const versionMapPath = `${containerConfigDir}/version.map`;
const certificateFile = 'proxy-cert.pem';
const certificatePath = `${containerConfigDir}/${certificateFile}`;

/** HAProxy in a container named docker-flow-proxy on the proxy host, driven through the DockerEngine interface. */
export class ContainerHaproxyRuntime implements ProxyRuntime {
  readonly renderTarget: ProxyRenderTarget;
  private readonly settings: ProxyContainerSettings;
  private readonly readyTimeoutMs: number;
  private readonly admin: AdminChannel;

  constructor(private readonly options: ContainerHaproxyRuntimeOptions) {
    const certificate = options.certificate;
    this.settings = {
      name: options.containerName ?? proxyContainerName, image: options.image ?? defaultProxyImage, httpPort: options.httpPort, statusPort: options.statusPort, labels: options.labels ?? {},
      ...(certificate === undefined ? {} : { httpsPort: certificate.httpsPort }),
    };
    this.readyTimeoutMs = options.readyTimeoutMs ?? 20_000;
    this.admin = containerAdminChannel(options.engine, () => this.runningId(AbortSignal.timeout(30_000)), this.describe());
    this.renderTarget = {
      httpPort: containerHttpPort, statusPort: options.statusPort, statusBind: '0.0.0.0', socketPath: '/run/haproxy/admin.sock', versionMap: versionMapPath, adminBind: `${containerAdminHost}:${containerAdminPort}`,
      ...(certificate === undefined ? {} : { https: { port: containerHttpsPort, certFile: certificatePath, certDigest: certificateDigest(certificate.pem) } }),
    };
  }

  describe(): string {
    return `HAProxy container ${this.settings.name} on ${this.options.engine.host.name}`;
  }

  async apply(text: string, version: string, signal: AbortSignal): Promise<{ readonly changed: boolean }> {
    const { engine, logger } = this.options;
    const { id, state } = await ensureProxyContainer(engine, this.settings, signal);
    if (state !== 'running') {
      logger.info(state === 'created' ? 'proxy container created' : 'proxy container started again', { container: id, host: engine.host.name });
      const up = await pollUntil('waiting for the proxy container', () => answersHttp(engine.host.address, this.options.httpPort, signal), { timeoutMs: this.readyTimeoutMs, intervalMs: 100, signal });
      if (up === undefined) throw this.notServing(`does not answer on ${engine.host.address}:${this.options.httpPort} after it was started`);
    }
    if ((await this.servedVersion(signal)) === version) return { changed: state !== 'running' };
    // the certificate first: `haproxy -c` reads it (a changed certificate changes the configuration's digest line)
    const pem = this.options.certificate?.pem;
    if (pem !== undefined) await engine.putArchive(id, containerConfigDir, singleFileTar(certificateFile, pem, 0o600, Date.now() / 1000), signal);
    const candidate = `.haproxy.cfg.${randomBytes(6).toString('hex')}`;
    const nextMap = `version.map.${randomBytes(6).toString('hex')}`;
    await engine.putArchive(id, containerConfigDir, filesTar([{ name: candidate, content: text, mode: 0o600 }, { name: nextMap, content: versionMapText(version), mode: 0o600 }], Date.now() / 1000), signal);
    const candidatePath = `${containerConfigDir}/${candidate}`;
    const nextMapPath = `${containerConfigDir}/${nextMap}`;
    // `haproxy -c` loads the version map: a proxy that never had one gets it before the check
    const check = await engine.exec(id, ['sh', '-c', '[ -e "$3" ] || cp -p "$4" "$3"; exec "$1" -c -f "$2"', 'sh', this.options.haproxyPath ?? '/usr/sbin/haproxy', candidatePath, versionMapPath, nextMapPath], signal);
    if (check.exitCode !== 0) {
      await engine.exec(id, ['rm', '-f', candidatePath, nextMapPath], signal);
      throw checkFailure(check.output, text, `in ${this.describe()}`);
    }
    const install = await engine.exec(id, ['sh', '-c', `cp -p ${configPath} ${lastGoodPath} 2>/dev/null; cp -p ${versionMapPath} ${versionMapPath}.last-good; mv ${nextMapPath} ${versionMapPath} && mv ${candidatePath} ${configPath}`], signal);
    if (install.exitCode !== 0) throw new ProxyError(`could not move the new configuration in place in ${this.describe()}: ${install.output.trim()}`, { hint: 'the proxy keeps its last good configuration; check the container with docker logs' });
    logger.info('reloading the proxy container', { container: id, version });
    await engine.killContainer(id, 'SIGUSR2', signal);
    const served = await pollUntil('waiting for the proxy to serve the new configuration', async () => ((await this.servedVersion(signal)) === version ? true : undefined), { timeoutMs: this.readyTimeoutMs, intervalMs: 50, signal });
    if (served === undefined) {
      await engine.exec(id, restoreFilesCommand(configPath, versionMapPath), signal);
      throw this.notServing(`did not serve configuration ${version} within ${this.readyTimeoutMs} ms after the reload (the previous file was put back)`);
    }
    return { changed: true };
  }

  async inspect(signal: AbortSignal): Promise<RunningProxy | undefined> {
    const container = await this.options.engine.inspectContainer(this.settings.name, signal);
    if (container?.state !== 'running') return undefined;
    const [read, version] = await Promise.all([this.options.engine.exec(container.id, inspectCommand(configPath), signal), this.servedVersion(signal)]);
    return { ...parseInspectOutput(read.output), version };
  }

  /**
   * A runtime change in one exec (runtimeApplyCommand): the commands and the read-back, while
   * `haproxy -c` checks the candidate file put there just before; the files are replaced once the
   * check passed. Then docker-flow checks the answer and the status endpoint; a problem reverts the
   * servers and the files (ProxyError).
   */
  async applyRuntime(change: RuntimeChange, signal: AbortSignal, beforeSwitch?: () => Promise<void>): Promise<RuntimeSwitch> {
    const { engine } = this.options;
    const id = await this.runningId(signal);
    const candidate = `${containerConfigDir}/.haproxy.cfg.${randomBytes(6).toString('hex')}`;
    await engine.putArchive(id, containerConfigDir, singleFileTar(candidate.slice(containerConfigDir.length + 1), change.text, 0o600, Date.now() / 1000), signal);
    const lines = changeLines(change.commands.map(commandText), change.expected.keys(), versionMapPath, change.version);
    await beforeSwitch?.();
    const started = performance.now();
    const files = { haproxy: this.options.haproxyPath ?? '/usr/sbin/haproxy', candidate, config: configPath, versionMap: versionMapPath, version: change.version };
    const result = parseRuntimeApplyOutput((await engine.exec(id, runtimeApplyCommand(files, lines), signal)).output);
    const served = result.adminError === undefined ? await this.servedVersion(signal) : undefined;
    const confirmedMs = performance.now() - started;
    const problem =
      result.adminError !== undefined ? `the runtime API did not answer: ${result.adminError}`
      : problemIn(lines, result.answer, change.expected) ??
        (result.checkOutput !== undefined ? checkFailure(result.checkOutput, change.text, `in ${this.describe()}`).message
        : served !== change.version ? `the status endpoint serves ${served ?? 'nothing'} instead of ${change.version}` : undefined);
    if (problem === undefined && result.written) return { confirmedMs };
    const undo = AbortSignal.timeout(30_000);
    const error = await reverted(this.admin, change, versionMapPath, `${problem ?? 'the new file was not written'} (${this.describe()})`, undo);
    if (result.written) await engine.exec(id, restoreFilesCommand(configPath, versionMapPath), undo);
    throw error;
  }

  async serverStats(backend: string, signal: AbortSignal): Promise<readonly SlotStats[]> {
    return parseServerStats(await this.admin.send([showStatText(backend)], signal), backend);
  }

  async responseSamples(backend: string, signal: AbortSignal): Promise<readonly ResponseSample[]> {
    return parseResponseLog(await this.admin.send([showEventsText()], signal), backend);
  }

  private async runningId(signal: AbortSignal): Promise<string> {
    const container = await this.options.engine.inspectContainer(this.settings.name, signal);
    if (container?.state !== 'running') throw this.notServing('is not running');
    return container.id;
  }

  async waitForOldWorkers(timeoutMs: number, signal: AbortSignal): Promise<void> {
    const container = await this.options.engine.inspectContainer(this.settings.name, signal);
    if (container?.state !== 'running') return;
    const done = await pollUntil('waiting for old HAProxy workers', async () => ((await containerWorkers(this.options.engine, container.id, signal)).every((worker) => !worker.old) ? true : undefined), { timeoutMs, intervalMs: 200, signal });
    if (done === undefined) this.options.logger.warn('old HAProxy workers still finish requests; continuing', { timeoutMs, container: container.id });
  }

  async status(signal: AbortSignal): Promise<ProxyRuntimeStatus> {
    const container = await this.options.engine.inspectContainer(this.settings.name, signal);
    const base = { listen: `${this.options.engine.host.address}:${this.options.httpPort}`, httpPort: this.options.httpPort, statusPort: this.options.statusPort, configPath };
    if (container?.state !== 'running') return { running: false, ...base, ...(container === undefined ? {} : { containerId: container.id }), workers: [] };
    const [version, workers] = await Promise.all([this.servedVersion(signal), containerWorkers(this.options.engine, container.id, signal)]);
    return { running: true, containerId: container.id, ...base, ...(version === undefined ? {} : { version }), workers };
  }

  async stop(signal: AbortSignal): Promise<void> {
    const container = await this.options.engine.inspectContainer(this.settings.name, signal);
    if (container?.state !== 'running') return;
    this.options.logger.info('stopping the proxy container', { container: container.id });
    await this.options.engine.stopContainer(container.id, this.options.stopGraceSec ?? 30, signal);
  }

  private servedVersion(signal: AbortSignal): Promise<string | undefined> {
    return fetchServedVersion(this.options.engine.host.address, this.options.statusPort, signal);
  }

  private notServing(what: string): ProxyError {
    return new ProxyError(`${this.describe()} ${what}`, { hint: `see docker logs ${this.settings.name} on ${this.options.engine.host.name}` });
  }
}
