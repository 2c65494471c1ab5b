import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { runCli } from '../support/run-cli';
import { ensureSimulatedHosts, registryFromHosts, simulatedHostDocker, type SimulatedHost } from '../support/simulated-hosts';
import { ensureRegistry } from '../support/test-registry';
import { tempDir } from '../support/temp-dir';
import { uniqueName } from '../support/unique-name';
import { pushDemoTags, removeRepository } from './host-engines';
import { startSshServer, type SshServer } from './ssh-server';

describe('a Docker host over ssh:// (OpenSSH sshd in simulated host h1, docker system dial-stdio)', function () {
  this.timeout(300_000);
  const repository = uniqueName('ssh-app');
  const project = uniqueName('ssh');
  let h1: SimulatedHost;
  let sshd: SshServer | undefined;
  let dir: string;
  const server = (): SshServer => {
    if (sshd === undefined) throw new Error('sshd did not start');
    return sshd;
  };
  const knownHosts = (text: string): Promise<void> => writeFile(join(server().home, '.ssh', 'known_hosts'), text, { mode: 0o600 });
  // HOME holds the client key and known_hosts; no agent, so the key file is what logs in
  // the refused tests use a project of their own, so "nothing was created" holds whatever ran before
  const refused = uniqueName('ssh-refused');
  const cli = (args: readonly string[], name = project) =>
    runCli(['-p', name, '-H', server().endpoint, ...args], { cwd: dir, env: { HOME: server().home, SSH_AUTH_SOCK: '', FLOW_STATE_DIR: join(dir, '.state'), FLOW_SETTLE: '1' }, timeoutMs: 240_000 });
  const containers = async (name = project): Promise<readonly string[]> =>
    (await simulatedHostDocker(h1).listContainers({ all: true, filters: { label: [`com.docker.compose.project=${name}`] } })).map((c) => `${(c.Names[0] ?? '').replace(/^\//, '')} ${c.State}`).sort();

  before(async () => {
    await ensureRegistry();
    [h1] = (await ensureSimulatedHosts(1)) as [SimulatedHost];
    await pushDemoTags(repository, { v1: 'docker-flow-demo:v1' });
    sshd = await startSshServer(h1, 2222);
    dir = await tempDir('df-ssh-project');
    await writeFile(join(dir, 'docker-compose.yml'), `services:\n  app:\n    image: ${registryFromHosts}/${repository}:v1\n    ports: ["8080"]\n    stop_grace_period: 2s\n`);
  });
  after(async () => {
    const docker = simulatedHostDocker(h1);
    for (const name of [project, refused]) {
      for (const c of await docker.listContainers({ all: true, filters: { label: [`com.docker.compose.project=${name}`] } })) await docker.getContainer(c.Id).remove({ force: true });
    }
    await sshd?.stop();
    await removeRepository([h1], repository);
  });

  it('a host whose key is not in known_hosts is refused before anything is sent: exit 4, the fingerprint and how to add it', async () => {
    await knownHosts('');
    const r = await cli(['--target=app', '--flow=deploy'], refused);
    assert.equal(r.code, 4, r.stderr);
    assert.match(r.stderr, /error: .*engine on 10\.77\.0\.11 \(ssh:\/\/root@10\.77\.0\.11:2222\).* was not trusted for .*: its host key SHA256:\S+ is not listed for \[10\.77\.0\.11\]:2222 in \S+\/\.ssh\/known_hosts or \/etc\/ssh\/ssh_known_hosts \(docker-flow does not trust a host on first use\)/);
    assert.match(r.stderr, /next: check the fingerprint with the host's administrator, then add it: ssh-keyscan -p 2222 10\.77\.0\.11 >> ~\/\.ssh\/known_hosts/);
    assert.deepEqual(await containers(refused), []);
  });

  it('a host presenting another key than known_hosts lists is refused as a possible interception: exit 4', async () => {
    const [name, type] = server().knownHostsLine.split(' ');
    await knownHosts(`${name ?? ''} ${type ?? ''} AAAAC3NzaC1lZDI1NTE5AAAAIH/L/FQ0gb+Wc/6cHMjI6CYpVb3alWTew421yM1EfK8O\n`);
    const r = await cli(['--target=app', '--flow=deploy'], refused);
    assert.equal(r.code, 4, r.stderr);
    assert.match(r.stderr, /is not the ssh-ed25519 key .* lists for \[10\.77\.0\.11\]:2222 — the host key changed, or someone is intercepting the connection/);
    assert.match(r.stderr, /ssh-keygen -R '\[10\.77\.0\.11\]:2222'/);
    assert.deepEqual(await containers(refused), []);
  });

  it('with the key in known_hosts: deploy pulls and starts the release on h1 over ssh, and status reads it back', async () => {
    await knownHosts(`# h1, added after checking its fingerprint\n${server().knownHostsLine}\n`);
    const r = await cli(['--target=app', '--flow=deploy']);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(await containers(), [`${project}_app_1 running`]);
    const status = await cli(['status']);
    assert.equal(status.code, 0, status.stderr);
    assert.match(status.stdout, new RegExp(`host 10\\.77\\.0\\.11\\n\\s+${project}_app_1\\s+target\\s+running\\s+healthy`));
  });
});
