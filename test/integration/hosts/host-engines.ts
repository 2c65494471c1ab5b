import type Docker from 'dockerode';
import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { localDocker } from '../support/local-docker';
import { runScriptOrThrow } from '../support/run-script';
import { registryFromHosts, simulatedHostDocker, simulatedHostsDir, type SimulatedHost } from '../support/simulated-hosts';
import { pushToRegistry, readProgress, registryAddress } from '../support/test-registry';
import { waitFor } from '../support/wait-for';

/** Pushes the demo app's tags to the registry as `<repository>:<tag>`; simulated hosts pull them from 10.77.0.1:5000. */
export async function pushDemoTags(repository: string, tags: Readonly<Record<string, string>>): Promise<void> {
  for (const [tag, source] of Object.entries(tags)) await pushToRegistry(source, repository, tag);
}

/** On one host's engine: pulls `<repository>:<from>` and tags it `<repository>:<to>` (a broken image under the app's tag). */
export async function retagOnHost(host: SimulatedHost, repository: string, from: string, to: string): Promise<void> {
  const docker = simulatedHostDocker(host);
  const source = `${registryFromHosts}/${repository}:${from}`;
  await readProgress(await docker.pull(source), `pull of ${source} on ${host.name}`);
  await docker.getImage(source).tag({ repo: `${registryFromHosts}/${repository}`, tag: to });
}

/** Whether a host's engine holds `<repository>:<tag>` (pulled from the registry). */
export async function hostHasImage(host: SimulatedHost, repository: string, tag: string): Promise<boolean> {
  const images = await simulatedHostDocker(host).listImages({ filters: { reference: [`${registryFromHosts}/${repository}:${tag}`] } });
  return images.length > 0;
}

/** Removes every tag of `repository` from the hosts' engines and the registry tags from the local engine. */
export async function removeRepository(hosts: readonly SimulatedHost[], repository: string): Promise<void> {
  const remove = async (docker: Docker, reference: string): Promise<void> => {
    const images = await docker.listImages({ filters: { reference: [reference] } }).catch(() => []);
    for (const image of images) {
      for (const tag of image.RepoTags ?? []) if (tag.startsWith(reference.replace(/:\*$/, ':'))) await docker.getImage(tag).remove({ force: true }).catch(() => undefined);
    }
  };
  await Promise.all(hosts.map((host) => remove(simulatedHostDocker(host), `${registryFromHosts}/${repository}:*`)));
  await remove(localDocker(), `${registryAddress}/${repository}:*`);
}

/**
 * Stops one simulated host's dockerd by its pid (SIGTERM: it stops its containers and exits) and
 * waits until the process is gone. `restartHosts` brings it back.
 */
export async function stopHostEngine(host: SimulatedHost): Promise<void> {
  const pid = Number((await readFile(join(simulatedHostsDir, host.name, 'docker.pid'), 'utf8')).trim());
  if (!Number.isInteger(pid) || pid <= 1) throw new Error(`no dockerd pid for ${host.name}`);
  process.kill(pid, 'SIGTERM');
  await waitFor(async () => !(await processAlive(pid)), { timeoutMs: 60_000, what: `dockerd of ${host.name} (pid ${pid}) to exit` });
}

/**
 * Starts every stopped engine of h1..h`count` again (scripts/hosts.sh up is idempotent), with TLS
 * on `tlsHosts` and on every host that had it before (another test file may have asked for it).
 */
export async function restartHosts(count: number, tlsHosts: readonly string[]): Promise<void> {
  const withTls = new Set(tlsHosts);
  for (let i = 1; i <= count; i += 1) {
    const state = await readFile(join(simulatedHostsDir, `h${i}`, 'tls'), 'utf8').catch(() => 'off');
    if (state.trim() === 'on') withTls.add(`h${i}`);
  }
  await runScriptOrThrow('hosts.sh', ['up', String(count), ...[...withTls].sort().flatMap((h) => ['--tls', h])], { timeoutMs: 180_000 });
}

function processAlive(pid: number): Promise<boolean> {
  try {
    process.kill(pid, 0);
    return Promise.resolve(true);
  } catch {
    return Promise.resolve(false);
  }
}

/**
 * A folder with ca.pem, cert.pem and key.pem of a CA the simulated hosts do not trust (made here
 * with openssl): a cert path an operator got wrong.
 */
export async function makeUntrustedCertPath(dir: string): Promise<string> {
  const run = (args: readonly string[]): Promise<void> =>
    new Promise((resolve, reject) => execFile('openssl', [...args], { cwd: dir }, (error, _out, stderr) => (error === null ? resolve() : reject(new Error(`openssl ${args.join(' ')}: ${stderr}`)))));
  const key = (file: string): Promise<void> => run(['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', file]);
  await key('ca-key.pem');
  await run(['req', '-x509', '-new', '-key', 'ca-key.pem', '-subj', '/CN=a CA nobody trusts', '-days', '2', '-out', 'ca.pem']);
  await key('key.pem');
  await run(['req', '-new', '-key', 'key.pem', '-subj', '/CN=docker-flow-client', '-out', 'client.csr']);
  await writeFile(join(dir, 'client.ext'), 'extendedKeyUsage=clientAuth\n');
  await run(['x509', '-req', '-in', 'client.csr', '-CA', 'ca.pem', '-CAkey', 'ca-key.pem', '-CAcreateserial', '-days', '2', '-out', 'cert.pem', '-extfile', 'client.ext']);
  return dir;
}
