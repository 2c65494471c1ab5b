import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createConnection } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { SimulatedHost } from '../support/simulated-hosts';
import { tempDir } from '../support/temp-dir';
import { waitFor } from '../support/wait-for';

const run = promisify(execFile);

/** OpenSSH's sshd inside a simulated host's network namespace, serving that host's engine to `docker system dial-stdio`. */
export interface SshServer {
  /** ssh://root@10.77.0.11:<port> */
  readonly endpoint: string;
  readonly port: number;
  /** The known_hosts line for its host key (`[10.77.0.11]:2222 ssh-ed25519 AAAA...`). */
  readonly knownHostsLine: string;
  /** A HOME whose ~/.ssh holds the client key sshd accepts (and no known_hosts: tests write it). */
  readonly home: string;
  stop(): Promise<void>;
}

/**
 * Starts sshd on `host`'s address and `port`, root login by key only, with DOCKER_HOST set to the
 * host's own engine socket for every session, as an operator sets up a Docker host for ssh://.
 */
export async function startSshServer(host: SimulatedHost, port: number): Promise<SshServer> {
  const dir = await tempDir(`df-sshd-${host.name}`);
  const home = join(dir, 'home');
  await mkdir(join(home, '.ssh'), { recursive: true, mode: 0o700 });
  await run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', `${host.name}-host`, '-f', join(dir, 'host_ed25519')]);
  await run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'docker-flow-test', '-f', join(home, '.ssh', 'id_ed25519')]);
  await writeFile(join(dir, 'authorized_keys'), await readFile(join(home, '.ssh', 'id_ed25519.pub')), { mode: 0o600 });
  // sshd wants its privilege-separation folder
  await mkdir('/run/sshd', { recursive: true, mode: 0o755 });
  const config = join(dir, 'sshd_config');
  await writeFile(config, [
    `ListenAddress ${host.address}:${port}`,
    `HostKey ${join(dir, 'host_ed25519')}`,
    `AuthorizedKeysFile ${join(dir, 'authorized_keys')}`,
    `PidFile ${join(dir, 'sshd.pid')}`,
    'PermitRootLogin prohibit-password',
    'PasswordAuthentication no',
    'KbdInteractiveAuthentication no',
    'UsePAM no',
    'StrictModes no',
    `SetEnv DOCKER_HOST=unix://${host.socketPath}`,
    '',
  ].join('\n'));
  // sshd re-executes itself for each connection, so it must be started by its absolute path
  const sshdPath = (await run('sh', ['-c', 'command -v sshd'])).stdout.trim();
  await run(sshdPath, ['-t', '-f', config]);
  const sshd: ChildProcess = spawn('nsenter', [`--net=/var/run/netns/dfh${host.name.slice(1)}`, sshdPath, '-D', '-e', '-f', config], { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  sshd.stderr?.on('data', (chunk: Buffer) => (log += chunk.toString('utf8')));
  const exited = new Promise<void>((resolve) => sshd.once('exit', () => resolve()));
  await waitFor(() => (sshd.exitCode === null ? listening(host.address, port) : Promise.reject(new Error(`sshd exited: ${log}`))), { what: `sshd listening on ${host.address}:${port}`, timeoutMs: 20_000 });
  const hostKey = (await readFile(join(dir, 'host_ed25519.pub'), 'utf8')).trim().split(' ').slice(0, 2).join(' ');
  return {
    endpoint: `ssh://root@${host.address}:${port}`,
    port,
    knownHostsLine: `[${host.address}]:${port} ${hostKey}`,
    home,
    async stop() {
      sshd.kill('SIGTERM');
      await exited;
      await rm(dir, { recursive: true, force: true });
    },
  };
}

function listening(address: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: address, port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
