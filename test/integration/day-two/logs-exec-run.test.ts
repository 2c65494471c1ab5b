import assert from 'node:assert/strict';
import { join } from 'node:path';
import { httpGet } from '../support/http-get';
import { ensureSimulatedHosts, simulatedHostDocker, type SimulatedHost } from '../support/simulated-hosts';
import { ensureRegistry } from '../support/test-registry';
import { uniqueName } from '../support/unique-name';
import { waitFor } from '../support/wait-for';
import { pushDemoTags, removeRepository } from '../hosts/host-engines';
import { appCompose, hostsProject, proxyPortsInRange, type HostsProject } from '../hosts/hosts-kit';
import { CliProcess } from '../watch/cli-process';
import { step } from '../support/scenario';

/** `host instance | text` lines of docker-flow logs. */
const prefixed = (output: string): string[] => output.split('\n').filter((line) => /^h\d app-\S+ +\| /.test(line));

describe('day-two commands on 3 hosts: logs (interleaved, --follow across a release), exec and run', function () {
  this.timeout(300_000);
  const repository = uniqueName('d2-app');
  let hosts: readonly SimulatedHost[];
  let app: HostsProject;
  const host = (name: string): SimulatedHost => {
    const found = hosts.find((h) => h.name === name);
    if (found === undefined) throw new Error(`no simulated host ${name}`);
    return found;
  };
  /** The running instance of `colour` on a host: its container id and where its port 8080 is published. */
  const instanceOn = async (name: string, colour: string): Promise<{ readonly id: string; readonly url: string; readonly label: string }> => {
    const c = (await app.byHost([name])).get(name)?.find((x) => x.color === colour && x.state === 'running');
    if (c === undefined) throw new Error(`no running ${colour} instance on ${name}`);
    const inspect = await simulatedHostDocker(host(name)).getContainer(c.id).inspect();
    const port = inspect.NetworkSettings.Ports['8080/tcp']?.[0]?.HostPort ?? '';
    return { id: c.id, url: `http://${host(name).address}:${port}`, label: c.name.slice(app.project.length + 1) };
  };
  const containerLog = async (name: string, id: string): Promise<string> => (await simulatedHostDocker(host(name)).getContainer(id).logs({ stdout: true, stderr: true })).toString('utf8');

  before(async () => {
    await ensureRegistry();
    hosts = await ensureSimulatedHosts(3, { tlsHosts: ['h3'] });
    await pushDemoTags(repository, { v1: 'docker-flow-demo:v1', v2: 'docker-flow-demo:v2' });
    app = await hostsProject(uniqueName('d2'), hosts, appCompose(repository), await proxyPortsInRange());
    const r = await app.cli(['--blue-green', '--target=app', '--scale=3', '--flow=deploy'], { VERSION: 'v1' });
    assert.equal(r.code, 0, r.stderr);
  });
  after(async () => {
    await app.cleanup();
    await removeRepository(hosts, repository);
  });

  it('scenario: logs of release 1, logs --follow across release 2, exec and run in release 2', async () => {
    await step('logs shows every instance on every host in time order, each line prefixed "host instance |", plain when piped', async () => {
      const order = ['h1', 'h2', 'h3', 'h2', 'h1', 'h3'];
      for (const [i, name] of order.entries()) {
        const instance = await instanceOn(name, 'blue');
        assert.equal((await httpGet(`${instance.url}/seq-${i + 1}`)).status, 200);
        // the next request goes out only once this line is written, so the order of the lines is known
        await waitFor(async () => (await containerLog(name, instance.id)).includes(`/seq-${i + 1} `), { timeoutMs: 10_000, what: `the log line of /seq-${i + 1} on ${name}` });
      }
      const r = await app.cli(['--target=app', 'logs']);
      assert.equal(r.code, 0, r.stderr);
      assert.ok(!r.stdout.includes('\u001b['), 'no colour codes when the output is piped');
      const seq = prefixed(r.stdout).filter((line) => /GET \/seq-\d/.test(line));
      const expected = await Promise.all(order.map(async (name, i) => `${name} ${(await instanceOn(name, 'blue')).label} | demo-http: GET /seq-${i + 1} 200`));
      assert.deepEqual(seq.map((line) => line.replace(/ +\|/, ' |')), expected);
      const h2Only = await app.cli(['--target=app', 'logs', '--node', 'h2', '--tail', '1']);
      assert.equal(h2Only.code, 0, h2Only.stderr);
      assert.deepEqual(prefixed(h2Only.stdout).map((line) => line.split(' ')[0]), ['h2']);
    });
    await step('logs --follow keeps following across a release: green instances join, blue ones leave, one line each; Ctrl-C stops it without talk of undoing a release', async () => {
      const follower = new CliProcess(['-p', app.project, '--target=app', 'logs', '-f', '--tail', '1'], { cwd: app.dir, env: { FLOW_STATE_DIR: join(app.dir, '.state') } });
      try {
        await waitFor(() => Promise.resolve(new Set(prefixed(follower.log).map((l) => l.split(' ')[0])).size === 3), { timeoutMs: 30_000, what: 'the last line of each of the 3 blue instances' });
        const r = await app.cli(['--blue-green', '--target=app', '--flow=deploy', '--flow=stop-old'], { VERSION: 'v2' });
        assert.equal(r.code, 0, r.stderr);
        await waitFor(() => Promise.resolve(prefixed(follower.log).filter((l) => / \| -- left /.test(l)).length === 3), { timeoutMs: 60_000, what: `the 3 blue instances leaving, in:\n${follower.log}` });
        const lines = prefixed(follower.log);
        const joined = lines.filter((l) => /app-green_\d+ +\| -- joined \(green, release 2\)$/.test(l));
        assert.deepEqual(joined.map((l) => l.split(' ')[0]).sort(), ['h1', 'h2', 'h3'], lines.join('\n'));
        for (const line of joined) {
          const who = line.split(' | ')[0]?.trim() ?? '';
          const first = lines.findIndex((l) => l.startsWith(who) && l.includes('listening on :8080'));
          assert.ok(first > lines.indexOf(line), `${who} joined before its first line:\n${lines.join('\n')}`);
          assert.match(lines[first] ?? '', /version: v2 listening/);
        }
        assert.equal(lines.filter((l) => /app-blue_\d+ +\| -- left \(exited 0\)$/.test(l)).length, 3, lines.join('\n'));
        assert.equal(await follower.stop(), 0, 'Ctrl-C (SIGTERM) ends logs --follow with exit status 0');
        assert.match(follower.log, /^SIGTERM: stopping \(press Ctrl-C again to exit at once\)$/m);
      } finally {
        await follower.stop();
      }
    });
    await step('exec runs in a running instance of the live colour: the exit status and output are the command\'s; -i gives it stdin; --node picks the host', async () => {
      const r = await app.cli(['--target=app', 'exec', '--', 'sh', '-c', 'echo out; echo err >&2; exit 3']);
      assert.equal(r.code, 3, r.stderr);
      assert.equal(r.stdout, 'out\n');
      assert.match(r.stderr, /^err$/m);
      assert.match(r.stderr, /exec "echo out; echo err >&2; exit 3" in \S+_app-green_\d+ on h1/);
      const onH3 = await app.cli(['--target=app', 'exec', '--node', 'h3', '--', 'hostname']);
      assert.equal(onH3.code, 0, onH3.stderr);
      assert.equal(onH3.stdout.trim(), (await instanceOn('h3', 'green')).id.slice(0, 12));
      const piped = await app.cli(['--target=app', 'exec', '-i', '--', 'cat'], {}, 'from stdin\n');
      assert.equal(piped.code, 0, piped.stderr);
      assert.equal(piped.stdout, 'from stdin\n');
    });
    await step('run starts a one-off container from the live release\'s image (not the compose file\'s), with the service\'s environment, and removes it', async () => {
      const r = await app.cli(['--target=app', 'run', '--', 'sh', '-c', 'head -n 1 /etc/demo-version; echo "$SERVICE_NAME"; exit 7'], { VERSION: 'v1' });
      assert.equal(r.code, 7, r.stderr);
      assert.deepEqual(r.stdout.trim().split('\n'), ['version: v2', `${app.project}-app-green`]);
      for (const [name, list] of await app.byHost()) assert.deepEqual(list.filter((c) => c.name.includes('-run-')), [], `no one-off container left on ${name}`);
    });
  });

  it('bad input is exit 2 naming what is wrong: logs of an unknown host, exec on a target with no running instance', async () => {
    const node = await app.cli(['--target=app', 'logs', '--node', 'h9']);
    assert.equal(node.code, 2, node.stderr);
    assert.match(node.stderr, /error: --node: "h9" is not a host of the cluster; its hosts: h1, h2, h3/);
    const ghost = await app.cli(['--target=ghost', 'exec', '--', 'true']);
    assert.equal(ghost.code, 2, ghost.stderr);
    assert.match(ghost.stderr, new RegExp(`error: --target: no running instance of ${app.project}-ghost: no such container`));
    const none = await app.cli(['--target=app', 'exec']);
    assert.equal(none.code, 2, none.stderr);
    assert.match(none.stderr, /error: exec: no command given: put it after --/);
  });
});
