import Docker from 'dockerode';
import { join } from 'node:path';
import { FlowFailedError } from '../../src/errors';
import { repoRoot } from './bench-paths';
import { runProcess } from './run-process';

/** One simulated host of scripts/hosts.sh, as the deploy benchmark uses it. */
export interface BenchHost {
  readonly name: string;
  readonly address: string;
  readonly socketPath: string;
}

export const benchHosts: readonly BenchHost[] = ['h1', 'h2', 'h3'].map((name, i) => ({
  name,
  address: `10.77.0.${11 + i}`,
  socketPath: `/tmp/docker-flow-hosts/${name}/docker.sock`,
}));

/** What the benchmark started (and so stops at the end): services that ran before stay up. */
export interface StartedServices {
  readonly hosts: boolean;
  readonly registry: boolean;
}

/** scripts/<script> with arguments; a non-zero exit is an error carrying the end of its output. */
export async function runScript(script: string, args: readonly string[], signal: AbortSignal): Promise<{ readonly exitCode: number; readonly output: string }> {
  return runProcess('bash', [join(repoRoot, 'scripts', script), ...args], { signal, cwd: repoRoot });
}

async function scriptOrThrow(script: string, args: readonly string[], signal: AbortSignal): Promise<void> {
  const result = await runScript(script, args, signal);
  if (result.exitCode !== 0) {
    throw new FlowFailedError(`scripts/${script} ${args.join(' ')} exited with ${result.exitCode}: ${result.output.split('\n').slice(-10).join('\n')}`, {
      hint: 'run sudo bash scripts/setup-machine.sh first, then the benchmark again',
    });
  }
}

/** The registry and 3 simulated hosts (status 3 = not running before, so ours to stop). */
export async function startServices(signal: AbortSignal): Promise<StartedServices> {
  const registry = (await runScript('registry.sh', ['status'], signal)).exitCode === 3;
  const hosts = (await runScript('hosts.sh', ['status'], signal)).exitCode === 3;
  await scriptOrThrow('registry.sh', ['up'], signal);
  await scriptOrThrow('hosts.sh', ['up', '3'], signal);
  return { hosts, registry };
}

export async function stopServices(started: StartedServices, signal: AbortSignal): Promise<void> {
  if (started.hosts) await scriptOrThrow('hosts.sh', ['down'], signal);
  if (started.registry) await scriptOrThrow('registry.sh', ['down'], signal);
}

/** Debian's docker-compose (1.29), installed with apt-get only when missing (benchmark only). */
export async function ensureDockerCompose(signal: AbortSignal): Promise<string> {
  const found = await runProcess('sh', ['-c', 'command -v docker-compose'], { signal });
  if (found.exitCode !== 0) {
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    let install = await runProcess('apt-get', ['install', '-y', 'docker-compose'], { signal, env });
    if (install.exitCode !== 0) {
      await runProcess('apt-get', ['update'], { signal, env });
      install = await runProcess('apt-get', ['install', '-y', 'docker-compose'], { signal, env });
    }
    if (install.exitCode !== 0) throw new FlowFailedError(`apt-get install -y docker-compose failed: ${install.output.split('\n').slice(-5).join('\n')}`, { hint: 'install Debian\'s docker-compose package by hand' });
  }
  const version = await runProcess('docker-compose', ['version', '--short'], { signal });
  return version.output.trim();
}

/** Pushes a local image to the registry as 127.0.0.1:5000/<repository>:<tag>; hosts pull it as 10.77.0.1:5000/... */
export async function pushImage(source: string, repository: string, tag: string, signal: AbortSignal): Promise<string> {
  const target = `127.0.0.1:5000/${repository}:${tag}`;
  for (const args of [['tag', source, target], ['push', '-q', target]]) {
    const result = await runProcess('docker', args, { signal });
    if (result.exitCode !== 0) throw new FlowFailedError(`docker ${args.join(' ')} failed: ${result.output}`, { hint: 'is scripts/registry.sh up running?' });
  }
  return `10.77.0.1:5000/${repository}:${tag}`;
}

/** Removes the project's containers and networks from every host (between runs and at the end). */
export async function removeProject(project: string): Promise<void> {
  await Promise.all(
    benchHosts.map(async (host) => {
      const docker = new Docker({ socketPath: host.socketPath });
      const containers = await docker.listContainers({ all: true, filters: { label: [`com.docker.compose.project=${project}`] } });
      await Promise.all(containers.map((c) => docker.getContainer(c.Id).remove({ force: true }).catch(() => undefined)));
      const networks = await docker.listNetworks({ filters: { name: [`${project}_default`] } });
      await Promise.all(networks.map((n) => docker.getNetwork(n.Id).remove().catch(() => undefined)));
    }),
  );
}

/** Pulls the image on every host up front, so every scenario measures the deploy itself. */
export async function pullEverywhere(image: string, signal: AbortSignal): Promise<void> {
  await Promise.all(
    benchHosts.map(async (host) => {
      const result = await runProcess('docker', ['-H', `unix://${host.socketPath}`, 'pull', '-q', image], { signal });
      if (result.exitCode !== 0) throw new FlowFailedError(`pulling ${image} on ${host.name} failed: ${result.output}`, { hint: 'is the registry up (scripts/registry.sh up)?' });
    }),
  );
}

/** Removes the image tag from every host and the local registry tag. */
export async function removeImage(image: string, local: string, signal: AbortSignal): Promise<void> {
  for (const host of benchHosts) await runProcess('docker', ['-H', `unix://${host.socketPath}`, 'rmi', '-f', image], { signal });
  await runProcess('docker', ['rmi', local], { signal });
}
