import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConsulKvStore } from '../../src/adapters/consul/consul-kv-store';
import { connectConsul } from '../../src/adapters/consul/connect-consul';
import { connectEngine } from '../../src/adapters/docker/connect-engine';
import type { DockerEngine } from '../../src/ports/docker-engine';
import { EmbeddedKvStore } from '../../src/adapters/state/embedded-kv-store';
import type { KvStore } from '../../src/ports/kv-store';
import { composeLabel } from '../../src/domain/labels';
import { FlowFailedError } from '../../src/errors';
import { silentLogger } from '../../src/logger';
import { localProxyFiles } from '../../src/adapters/haproxy/local-proxy-files';
import { parseServerStats, showStatText } from '../../src/adapters/haproxy/server-stats';
import { sendSocketCommand } from '../../src/adapters/haproxy/unix-socket-command';
import { cliPath } from './bench-paths';
import { runProcess, type ProcessResult } from './run-process';

const compose = `services:
  app:
    image: docker-flow-demo:v1
    ports: ["8080"]
    stop_grace_period: 2s
`;

/** A demo project driven through the CLI, with its watchers (registrator, proxy watch) as child processes. */
export class WatchBenchProject {
  private readonly children: { readonly stop: AbortController; readonly done: Promise<ProcessResult> }[] = [];
  readonly engine: DockerEngine = connectEngine({ name: 'local', endpoint: { scheme: 'unix', socketPath: '/var/run/docker.sock' }, address: '127.0.0.1', labels: {} }, { apiTimeoutMs: 30_000, logger: silentLogger });
  readonly kv: KvStore;

  private constructor(
    readonly project: string,
    readonly dir: string,
    private readonly common: readonly string[],
    consulAddress: string | undefined,
  ) {
    const token = process.env['CONSUL_HTTP_TOKEN'];
    this.kv = consulAddress === undefined
      ? new EmbeddedKvStore({ stateDir: join(dir, 'state'), logger: silentLogger })
      : new ConsulKvStore(connectConsul({ address: consulAddress, logger: silentLogger, ...(token === undefined || token === '' ? {} : { token }) }));
  }

  static async create(project: string, proxyPort: number, consulAddress: string | undefined): Promise<WatchBenchProject> {
    const dir = await mkdtemp(join(tmpdir(), `df-${project}-`));
    await writeFile(join(dir, 'docker-compose.yml'), compose);
    const common = ['-p', project, '--state-dir', join(dir, 'state'), `--proxy-port=${proxyPort}`, `--proxy-reconf-port=${proxyPort + 1}`, ...(consulAddress === undefined ? [] : ['-c', consulAddress])];
    return new WatchBenchProject(project, dir, common, consulAddress);
  }

  /** One CLI run to its end; throws when it fails. */
  async cli(args: readonly string[], signal: AbortSignal): Promise<ProcessResult> {
    const result = await runProcess(process.execPath, [cliPath, ...this.common, '--target=app', '--blue-green', '--service-path=/bench', ...args], { cwd: this.dir, env: cleanEnv(), signal });
    if (result.exitCode !== 0) throw new FlowFailedError(`docker-flow ${args.join(' ')} exited with ${result.exitCode}:\n${result.output}`);
    return result;
  }

  /** Starts a long-lived command (registrator, proxy watch); resolves once a line matches `ready`. */
  async spawn(args: readonly string[], ready: RegExp, signal: AbortSignal): Promise<void> {
    const stop = new AbortController();
    let onReady: (() => void) | undefined;
    const seen = new Promise<void>((resolve) => (onReady = resolve));
    const done = runProcess(process.execPath, [cliPath, ...this.common, ...args], {
      cwd: this.dir,
      env: cleanEnv(),
      signal: AbortSignal.any([stop.signal, signal]),
      onLine: (line) => (ready.test(line) ? onReady?.() : undefined),
    });
    this.children.push({ stop, done });
    const exited = done.then((r) => Promise.reject(new FlowFailedError(`docker-flow ${args.join(' ')} exited with ${r.exitCode} before it was ready:\n${r.output}`)));
    await Promise.race([seen, exited]);
  }

  /** Running target containers of the project: name → hostname (Docker's default: the short id; what the demo app answers with). */
  async instances(signal: AbortSignal): Promise<ReadonlyMap<string, string>> {
    const list = await this.engine.listContainers({ [composeLabel.project]: this.project, 'io.docker-flow.role': 'target' }, signal);
    return new Map(list.filter((c) => c.state === 'running').map((c) => [c.name, c.id.slice(0, 12)]));
  }

  /** The servers of the stored route (written once the proxy serves it): name → `address:port`. */
  async routed(signal: AbortSignal): Promise<ReadonlyMap<string, string>> {
    const entry = await this.kv.get(`docker-flow/${this.project}-app/route`, signal);
    const route: unknown = entry === undefined ? undefined : JSON.parse(entry.value);
    const servers: unknown = typeof route === 'object' && route !== null ? Reflect.get(route, 'servers') : undefined;
    const field = (s: unknown, key: string): string => String(Reflect.get(Object(s), key));
    return new Map(Array.isArray(servers) ? servers.map((s: unknown) => [field(s, 'name'), `${field(s, 'address')}:${field(s, 'port')}`] as const) : []);
  }

  /** Whether the running HAProxy sends requests to `address` (`ip:port`): a slot of the backend holds it and is not in maintenance (its stats socket). */
  async proxyRoutesTo(address: string, signal: AbortSignal): Promise<boolean> {
    const backend = `${this.project}-app`;
    const output = await sendSocketCommand(localProxyFiles(join(this.dir, 'state', 'proxy')).statsSocket, showStatText(backend), signal);
    return parseServerStats(output, backend).some((slot) => slot.address === address && !slot.status.startsWith('MAINT'));
  }

  async cleanup(signal: AbortSignal): Promise<void> {
    for (const child of this.children) child.stop.abort();
    await Promise.all(this.children.map((child) => child.done));
    await runProcess(process.execPath, [cliPath, ...this.common, 'proxy', 'stop'], { cwd: this.dir, env: cleanEnv(), signal });
    const containers = await this.engine.listContainers({ [composeLabel.project]: this.project }, signal);
    await Promise.all(containers.map((c) => this.engine.removeContainer(c.id, signal)));
    const nets = await runProcess('docker', ['network', 'ls', '-q', '--filter', `label=io.docker-flow.project=${this.project}`], { signal });
    const ids = nets.output.split('\n').filter((id) => id !== '');
    if (ids.length > 0) await runProcess('docker', ['network', 'rm', ...ids], { signal });
    await rm(this.dir, { recursive: true, force: true });
  }
}

function cleanEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('FLOW_') && key !== 'DOCKER_HOST'));
}
