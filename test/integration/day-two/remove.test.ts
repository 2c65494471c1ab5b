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
import { consulTarget, forgetProject, projectInstanceIds, type ConsulTarget } from '../watch/consul-target';

describe('docker-flow remove: a routed target on 3 hosts, with Consul (the API double), behind a shared local proxy', function () {
  this.timeout(300_000);
  const repository = uniqueName('rm-app');
  let consul: ConsulTarget;
  let hosts: readonly SimulatedHost[];
  let ports: readonly [number, number];
  let gone: HostsProject;
  let kept: HostsProject;
  let taker: HostsProject;
  const url = (path: string): string => `http://127.0.0.1:${ports[0]}${path}`;
  /** Every project shares gone's proxy (its state folder) and the Consul of the test. */
  const cli = (p: HostsProject, args: readonly string[], env: Readonly<Record<string, string>> = {}) =>
    p.cli(['-c', consul.address, '--state-dir', join(gone.dir, '.state'), '--target=app', ...args], env);
  const service = (): string => `${gone.project}-app`;
  const key = async (name: string): Promise<number> => (await consul.get(`/kv/docker-flow/${service()}/${name}`)).status;
  const containersOf = async (p: HostsProject): Promise<string[]> => [...(await p.byHost()).values()].flat().map((c) => c.name);

  before(async () => {
    consul = await consulTarget();
    await ensureRegistry();
    hosts = await ensureSimulatedHosts(3, { tlsHosts: ['h3'] });
    await pushDemoTags(repository, { v1: 'docker-flow-demo:v1' });
    ports = await proxyPortsInRange();
    gone = await hostsProject(uniqueName('rmg'), hosts, appCompose(repository), ports);
    kept = await hostsProject(uniqueName('rmk'), hosts.filter((h) => h.name === 'h2'), appCompose(repository), ports);
    taker = await hostsProject(uniqueName('rmt'), hosts.filter((h) => h.name === 'h1'), appCompose(repository), ports);
    let r = await cli(gone, ['--blue-green', '--scale=3', '--service-path=/rm', '--flow=deploy', '--flow=proxy']);
    assert.equal(r.code, 0, r.stderr);
    r = await cli(kept, ['--blue-green', '--service-path=/keep', '--flow=deploy', '--flow=proxy']);
    assert.equal(r.code, 0, r.stderr);
  });
  after(async () => {
    await cli(gone, ['proxy', 'stop']).catch(() => undefined);
    await Promise.allSettled([gone, kept, taker].map((p) => p.cleanup()));
    for (const p of [gone, kept, taker]) await forgetProject(consul, p.project).catch(() => undefined);
    await removeRepository(hosts, repository);
    await consul.stop();
  });

  it('without --yes prints the plan and changes nothing; a second project cannot take the path yet', async () => {
    const r = await cli(gone, ['remove']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, new RegExp(`^remove ${service()}: route /rm, 3 containers on h1, h2, h3, its colour and scale; its release history \\(1\\) is kept`, 'm'));
    assert.match(r.stdout, /- take \/rm of \S+ out of the proxy \(it answers 503 there\)/);
    assert.match(r.stdout, /nothing was changed: run again with --yes to remove it/);
    assert.equal((await containersOf(gone)).length, 3);
    assert.equal((await httpGet(url('/rm/'))).status, 200);
    const taken = await cli(taker, ['--blue-green', '--service-path=/rm', '--flow=deploy', '--flow=proxy']);
    assert.equal(taken.code, 2, taken.stderr);
    assert.match(taken.stderr, /"\/rm" is routed to both/);
    assert.match(taken.stderr, /next: .*docker-flow remove --yes/);
  });

  it('interrupted halfway (Ctrl-C while draining a slow request), the next remove finishes the job', async () => {
    const slow = httpGet(url('/rm/?delayMs=20000')).catch(() => undefined);
    await waitFor(async () => {
      for (const h of hosts) {
        for (const c of (await gone.byHost([h.name])).get(h.name) ?? []) {
          if ((await simulatedHostDocker(h).getContainer(c.id).logs({ stdout: true, stderr: true })).toString('utf8').includes('holding /rm/?delayMs')) return true;
        }
      }
      return false;
    }, { timeoutMs: 15_000, what: 'the slow request to be in flight' });
    const proxyPorts = ['--proxy-port', String(ports[0]), '--proxy-reconf-port', String(ports[1])];
    const remover = new CliProcess(['-p', gone.project, '-c', consul.address, '--state-dir', join(gone.dir, '.state'), ...proxyPorts, '--target=app', '--drain', '60s', 'remove', '--yes'], { cwd: gone.dir });
    await remover.waitForOutput(/▸ drain requests in flight/, 60_000);
    assert.equal(await remover.stop(), 130, remover.log);
    assert.equal((await httpGet(url('/rm/'))).status, 503, 'the route left the proxy first');
    assert.equal((await containersOf(gone)).length, 3, 'the instances were not reached');
    assert.equal(await key('color'), 200, 'the state is still there');
    const r = await cli(gone, ['remove', '--yes']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, new RegExp(`^removed ${service()}$`, 'm'));
    assert.doesNotMatch(r.stderr, /out of the proxy/, 'the rerun does not route again: the route is gone');
    await slow;
  });

  it('leaves no container, no route (503 at the path while the other service keeps serving), no catalog entry and no state; the history is kept', async () => {
    assert.deepEqual(await containersOf(gone), []);
    assert.equal((await httpGet(url('/rm/'))).status, 503);
    assert.equal((await httpGet(url('/keep/'))).status, 200);
    assert.deepEqual(await projectInstanceIds(consul, gone.project), []);
    assert.deepEqual([await key('color'), await key('scale'), await key('route')], [404, 404, 404]);
    assert.equal((await consul.get(`/kv/docker-flow/${service()}/releases/?recurse=true`)).status, 200, 'release history kept without --purge');
    const status = await cli(gone, ['status']);
    assert.match(status.stdout, /no services deployed by docker-flow in this project/);
    const again = await cli(gone, ['remove', '--yes']);
    assert.equal(again.code, 0, again.stderr);
    assert.match(again.stdout, /nothing to remove: .* \(its release history is kept: --purge removes it\)/);
  });

  it('a second project can then take the path', async () => {
    const r = await cli(taker, ['--blue-green', '--service-path=/rm', '--flow=proxy']);
    assert.equal(r.code, 0, r.stderr);
    const answer = await httpGet(url('/rm/'));
    assert.equal(answer.status, 200);
    const [instance] = (await taker.byHost(['h1'])).get('h1') ?? [];
    assert.ok(instance !== undefined && answer.body.includes(`instance: ${instance.id.slice(0, 12)}`), answer.body);
  });

  it('remove without a target is bad input (exit 2)', async () => {
    const r = await gone.cli(['-c', consul.address, 'remove', '--yes']);
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /error: --target: is required/);
  });
});
