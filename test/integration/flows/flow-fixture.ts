import Docker from 'dockerode';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../support/run-cli';

export const docker = new Docker({ socketPath: '/var/run/docker.sock' });

/** A compose project in a temp folder with its own state folder: what a user's repository looks like. */
export interface FlowFixture {
  readonly dir: string;
  readonly project: string;
  readonly stateDir: string;
  cli(args: readonly string[], env?: Readonly<Record<string, string | undefined>>): Promise<{ code: number; stdout: string; stderr: string }>;
  /** Containers of the project (any state), as `docker ps -a --filter label=...` shows them. */
  containers(): Promise<readonly { name: string; state: string; color?: string; image: string }[]>;
  cleanup(): Promise<void>;
}

/** One service, app, from the demo image, that stops at once (no side target). */
export const singleAppCompose = `
services:
  app:
    image: docker-flow-demo:v1
    ports: ["8080"]
    stop_grace_period: 1s
`;

export const demoCompose = `
services:
  app:
    image: docker-flow-demo:\${VERSION:-v1}
    ports: ["8080"]
    depends_on: [db]
    stop_grace_period: 2s
  db:
    image: docker-flow-side:v1
    expose: ["8080"]
`;

export async function flowFixture(project: string, compose = demoCompose, yml?: string): Promise<FlowFixture> {
  const dir = await mkdtemp(join(tmpdir(), `df-${project}-`));
  const stateDir = join(dir, '.state');
  await writeFile(join(dir, 'docker-compose.yml'), compose);
  if (yml !== undefined) await writeFile(join(dir, 'docker-flow.yml'), yml);
  const fixture: FlowFixture = {
    dir,
    project,
    stateDir,
    cli: (args, env = {}) => runCli(['-p', project, ...args], { cwd: dir, env: { FLOW_STATE_DIR: stateDir, FLOW_SETTLE: '1', FLOW_KEEP_IMAGES: '0', ...env } }),
    async containers() {
      const list = await docker.listContainers({ all: true, filters: { label: [`com.docker.compose.project=${project}`] } });
      return list
        .map((c) => ({ name: (c.Names[0] ?? '').replace(/^\//, ''), state: c.State, image: c.Image, ...(c.Labels['io.docker-flow.color'] === undefined ? {} : { color: c.Labels['io.docker-flow.color'] }) }))
        .sort((a, b) => a.name.localeCompare(b.name));
    },
    async cleanup() {
      const list = await docker.listContainers({ all: true, filters: { label: [`com.docker.compose.project=${project}`] } });
      await Promise.all(list.map((c) => docker.getContainer(c.Id).remove({ force: true }).catch(() => undefined)));
      const nets = await docker.listNetworks({ filters: { label: [`io.docker-flow.project=${project}`] } });
      await Promise.all(nets.map((n) => docker.getNetwork(n.Id).remove().catch(() => undefined)));
    },
  };
  return fixture;
}

export const running = (list: readonly { state: string; name: string }[]): string[] => list.filter((c) => c.state === 'running').map((c) => c.name);
