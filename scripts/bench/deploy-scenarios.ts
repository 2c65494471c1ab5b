import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { FlowFailedError } from '../../src/errors';
import { cliPath } from './bench-paths';
import { benchHosts, removeProject } from './deploy-cluster';
import { runProcess } from './run-process';

/** One way of starting N instances, timed from spawn to exit of the command. */
export interface Scenario {
  readonly label: string;
  /** Folder with its compose file (and docker-flow.yml). */
  readonly dir: string;
  readonly project: string;
  run(signal: AbortSignal): Promise<number>;
}

/**
 * The app as a compose file. The health check is busybox wget, lighter than the image's own (a
 * node process per check), with a start period long enough for thirty node servers starting at
 * once on a 2-core machine: failed checks in it do not count, the first good one counts.
 */
export function benchCompose(image: string): string {
  return [
    'services:',
    '  app:',
    `    image: ${image}`,
    '    ports: ["8080"]',
    '    stop_grace_period: 2s',
    '    healthcheck:',
    '      test: ["CMD", "wget", "-q", "-O", "/dev/null", "http://127.0.0.1:8080/health"]',
    '      interval: 1s',
    '      timeout: 5s',
    '      retries: 3',
    '      start_period: 60s',
    '',
  ].join('\n');
}

function hostsYml(count: number): string {
  const hosts = benchHosts.slice(0, count).map((h) => `  - name: ${h.name}\n    endpoint: unix://${h.socketPath}\n    address: ${h.address}`);
  return `hosts:\n${hosts.join('\n')}\n`;
}

async function projectDir(base: string, project: string, compose: string, yml?: string): Promise<string> {
  const dir = join(base, project);
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'docker-compose.yml'), compose);
  if (yml !== undefined) await writeFile(join(dir, 'docker-flow.yml'), yml);
  return dir;
}

/** `docker-flow --blue-green --target=app --scale=N --flow=deploy` on the first `hosts` hosts, from nothing (fresh state). */
export async function dockerFlowScenario(base: string, project: string, image: string, hosts: number, instances: number): Promise<Scenario> {
  const dir = await projectDir(base, project, benchCompose(image), hostsYml(hosts));
  return {
    label: `docker-flow: ${instances} instance${instances === 1 ? '' : 's'} on ${hosts} host${hosts === 1 ? '' : 's'}`,
    dir,
    project,
    async run(signal) {
      await reset(dir, project);
      const result = await runProcess(process.execPath, [cliPath, '-p', project, '--blue-green', '--target=app', `--scale=${instances}`, '--flow=deploy', '--keep-images=0'], {
        signal, cwd: dir, env: { ...process.env, FLOW_STATE_DIR: join(dir, '.state'), FLOW_LOG_FORMAT: 'text' },
      });
      await reset(dir, project);
      if (result.exitCode !== 0) throw new FlowFailedError(`docker-flow deploy of ${instances} on ${hosts} host(s) exited with ${result.exitCode}:\n${result.output.split('\n').slice(-15).join('\n')}`, { hint: 'see the output above' });
      return result.durationMs;
    },
  };
}

/** `docker-compose -p P up -d --scale app=N` against h1 (starts containers; waits for no health check). */
export async function composeScenario(base: string, project: string, image: string, instances: number): Promise<Scenario> {
  const dir = await projectDir(base, project, benchCompose(image));
  const host = benchHosts[0];
  if (host === undefined) throw new Error('no bench host');
  return {
    label: `docker-compose up -d --scale app=${instances} on 1 host`,
    dir,
    project,
    async run(signal) {
      await reset(dir, project);
      const result = await runProcess('docker-compose', ['-p', project, 'up', '-d', '--scale', `app=${instances}`], {
        signal, cwd: dir, env: { ...process.env, DOCKER_HOST: `unix://${host.socketPath}`, COMPOSE_HTTP_TIMEOUT: '300' },
      });
      await reset(dir, project);
      if (result.exitCode !== 0) throw new FlowFailedError(`docker-compose up exited with ${result.exitCode}:\n${result.output.split('\n').slice(-15).join('\n')}`, { hint: 'see the output above' });
      return result.durationMs;
    },
  };
}

/** Every run starts from nothing and leaves nothing (no container, network or stored state), so runs do not load each other. */
async function reset(dir: string, project: string): Promise<void> {
  await removeProject(project);
  await rm(join(dir, '.state'), { recursive: true, force: true });
}
