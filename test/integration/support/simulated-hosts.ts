import Docker from 'dockerode';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runScript, runScriptOrThrow } from './run-script';
import { markStarted } from './started-services';

/** One simulated Docker host of scripts/hosts.sh (a network namespace with its own dockerd). */
export interface SimulatedHost {
  /** h1, h2, ... */
  readonly name: string;
  /** 10.77.0.11, ...: where its published ports are reached from this machine. */
  readonly address: string;
  readonly socketPath: string;
  /** tcp://10.77.0.1I:2376 for hosts asked with TLS, else unix://<socketPath>. */
  readonly endpoint: string;
  /** Folder with ca.pem, cert.pem, key.pem for `endpoint`, on TLS hosts only. */
  readonly certPath?: string;
}

export const simulatedHostsDir = '/tmp/docker-flow-hosts';
export const registryFromHosts = '10.77.0.1:5000';

/**
 * Makes sure hosts h1..h`count` run (idempotent, about 2 s when they must start), TLS on the
 * hosts named in `tlsHosts`. When no simulated host ran before, the root afterAll hook stops
 * them again at the end of the run.
 */
export async function ensureSimulatedHosts(count: number, options: { readonly tlsHosts?: readonly string[] } = {}): Promise<readonly SimulatedHost[]> {
  const tlsHosts = options.tlsHosts ?? [];
  const before = await runScript('hosts.sh', ['status'], { timeoutMs: 30_000 });
  if (before.code === 3) markStarted('hosts');
  await runScriptOrThrow('hosts.sh', ['up', String(count), ...tlsHosts.flatMap((host) => ['--tls', host])], { timeoutMs: 180_000 });
  return Array.from({ length: count }, (_, index) => simulatedHost(`h${index + 1}`, tlsHosts.includes(`h${index + 1}`)));
}

function simulatedHost(name: string, tls: boolean): SimulatedHost {
  const address = `10.77.0.${10 + Number(name.slice(1))}`;
  const socketPath = join(simulatedHostsDir, name, 'docker.sock');
  if (!tls) return { name, address, socketPath, endpoint: `unix://${socketPath}` };
  return { name, address, socketPath, endpoint: `tcp://${address}:2376`, certPath: join(simulatedHostsDir, 'tls', 'client') };
}

/** A dockerode client for a simulated host: over TLS when it has a certPath, else its socket. */
export function simulatedHostDocker(host: SimulatedHost): Docker {
  if (host.certPath === undefined) return new Docker({ socketPath: host.socketPath });
  const file = (name: string): Buffer => readFileSync(join(host.certPath ?? '', name));
  return new Docker({ protocol: 'https', host: host.address, port: 2376, ca: file('ca.pem'), cert: file('cert.pem'), key: file('key.pem') });
}
