import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connectEngine } from '../../src/adapters/docker/connect-engine';
import type { DockerEngine } from '../../src/ports/docker-engine';
import { composeLabel } from '../../src/domain/labels';
import { ConfigError } from '../../src/errors';
import { silentLogger } from '../../src/logger';
import { cliPath } from './bench-paths';
import { runProcess, type ProcessResult } from './run-process';

export interface BenchProjectOptions {
  readonly project: string;
  readonly proxyPort: number;
  readonly statusPort: number;
}

const compose = `services:
  app:
    image: "docker-flow-fastapp:\${VERSION}"
    ports: ["8080"]
    stop_grace_period: 5s
`;

/** Our environment without FLOW_* / Consul settings of the caller's shell: embedded store, local engine. */
function cleanEnv(extra: Readonly<Record<string, string>>): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('FLOW_') && !key.startsWith('CONSUL_HTTP_') && key !== 'DOCKER_HOST'));
  return { ...env, ...extra };
}

/** A temp compose project with its own state folder, driven through the docker-flow CLI like a user would. */
export class BenchProject {
  private constructor(
    readonly dir: string,
    readonly stateDir: string,
    /** The local engine (unix:///var/run/docker.sock), through docker-flow's own adapter. */
    readonly engine: DockerEngine,
    private readonly options: BenchProjectOptions,
  ) {}

  static async create(options: BenchProjectOptions): Promise<BenchProject> {
    const dir = await mkdtemp(join(tmpdir(), `df-${options.project}-`));
    await writeFile(join(dir, 'docker-compose.yml'), compose);
    const engine = connectEngine(
      { name: 'local', endpoint: { scheme: 'unix', socketPath: '/var/run/docker.sock' }, address: '127.0.0.1', labels: {} },
      { apiTimeoutMs: 30_000, logger: silentLogger },
    );
    return new BenchProject(dir, join(dir, 'state'), engine, options);
  }

  private get proxyArgs(): string[] {
    return [`--proxy-port=${this.options.proxyPort}`, `--proxy-reconf-port=${this.options.statusPort}`];
  }

  /** `docker-flow -p <project> --target=app --blue-green --service-path=/bench ... <args>` with VERSION=<version>; JSON log lines at debug level (see readCliSwitches). */
  cli(args: readonly string[], version: string, signal: AbortSignal): Promise<ProcessResult> {
    const all = [cliPath, '-p', this.options.project, '--target=app', '--blue-green', '--service-path=/bench', ...this.proxyArgs, '--log-format=json', '--log-level=debug', ...args];
    return runProcess(process.execPath, all, { cwd: this.dir, env: cleanEnv({ FLOW_STATE_DIR: this.stateDir, VERSION: version }), signal });
  }

  /** `docker-flow --state-dir <dir> --proxy-port ... proxy stop`. */
  stopProxy(signal: AbortSignal): Promise<ProcessResult> {
    return runProcess(process.execPath, [cliPath, '--state-dir', this.stateDir, ...this.proxyArgs, 'proxy', 'stop'], { cwd: this.dir, env: cleanEnv({}), signal });
  }

  /** Removes every container labelled with the project (any state); returns how many. */
  async removeContainers(signal: AbortSignal): Promise<number> {
    const containers = await this.engine.listContainers({ [composeLabel.project]: this.options.project }, signal);
    await Promise.all(containers.map((c) => this.engine.removeContainer(c.id, signal)));
    return containers.length;
  }

  /** Removes the networks docker-flow made for the project (the engine adapter has no network removal). */
  async removeNetworks(signal: AbortSignal): Promise<void> {
    const list = await runProcess('docker', ['network', 'ls', '-q', '--filter', `label=io.docker-flow.project=${this.options.project}`], { signal });
    const ids = list.output.split('\n').filter((id) => id !== '');
    if (ids.length > 0) await runProcess('docker', ['network', 'rm', ...ids], { signal });
  }

  async removeDir(): Promise<void> {
    await rm(this.dir, { recursive: true, force: true });
  }
}

/** Throws when something already listens on `port` (a proxy left by an earlier run, another service). */
export async function requirePortFree(port: number, what: string): Promise<void> {
  const server = createServer();
  const error = await new Promise<Error | undefined>((resolve) => {
    server.once('error', resolve);
    server.listen(port, '0.0.0.0', () => resolve(undefined));
  });
  await new Promise<void>((resolve) => (error === undefined ? server.close(() => resolve()) : resolve()));
  if (error !== undefined) {
    throw new ConfigError(what, `port ${port} is in use (${error.message})`, {
      hint: `free it (a proxy left by an earlier run: docker-flow --state-dir <its dir> proxy stop; see ss -ltnp sport = :${port}) or choose another with ${what}`,
    });
  }
}
