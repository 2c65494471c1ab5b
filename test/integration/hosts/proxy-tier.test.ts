import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type Docker from 'dockerode';
import { startRequestLoop, versionOf, type RequestLoop } from '../flows/request-loop';
import { httpGet } from '../support/http-get';
import { step } from '../support/scenario';
import { ensureSimulatedHosts, registryFromHosts, simulatedHostDocker, type SimulatedHost } from '../support/simulated-hosts';
import { ensureRegistry, pushToRegistry } from '../support/test-registry';
import { uniqueName } from '../support/unique-name';
import { EngineGate } from './engine-gate';
import { serviceStatus } from '../faults/fault-kit';
import { pushDemoTags, removeRepository } from './host-engines';
import { appCompose, hostsProject, hostsYml, proxyPortsInRange, type HostsProject } from './hosts-kit';

/**
 * Three proxies on three hosts, switched together: h1 and h3 (over TLS) by name, and "edge", whose
 * Docker endpoint is a gate in front of h2's engine: closing the gate is that proxy's engine
 * stopping, without stopping the shared host (its proxy container keeps running and answering
 * HTTP with what it last got, as a proxy that docker-flow cannot reach does).
 */
describe('a proxy tier: three proxies on three hosts, switched together, all or nothing', function () {
  this.timeout(400_000);
  const repository = uniqueName('tier-app');
  const proxyRepository = uniqueName('tier-haproxy');
  const proxyName = uniqueName('df-tier-proxy');
  let hosts: readonly SimulatedHost[];
  let ports: readonly [number, number];
  let app: HostsProject;
  let gate: EngineGate;
  /** Each proxy: its name in docker-flow, the host it runs on, the URL clients use. */
  let proxies: readonly { readonly name: string; readonly host: SimulatedHost; readonly url: string }[];
  const release = (args: readonly string[], version: string) => app.cli(args, { VERSION: version });
  const served = async (): Promise<readonly string[]> => Promise.all(proxies.map(async (p) => versionOf((await httpGet(p.url)).body)));
  const loops = (): readonly RequestLoop[] => proxies.map((p) => startRequestLoop(p.url, { maxRequests: 20_000, classify: versionOf }));
  const stopLoops = async (running: readonly RequestLoop[]): Promise<void> => {
    const seen = await Promise.all(running.map(async (l) => l.stop()));
    seen.forEach((s, i) => {
      assert.deepEqual(s.failed, [], `failed requests through ${proxies[i]?.name ?? '?'}`);
      assert.ok(s.ok > 0, `requests went through ${proxies[i]?.name ?? '?'}`);
    });
  };
  /** Runs `command` in the proxy container on `host` (Engine API exec) and returns its exit code. */
  const execInProxy = async (host: SimulatedHost, command: readonly string[]): Promise<number> => {
    const container = simulatedHostDocker(host).getContainer(proxyName);
    const exec = await container.exec({ Cmd: [...command], AttachStdout: true, AttachStderr: true });
    const stream = await exec.start({});
    await new Promise<void>((resolve) => {
      stream.on('end', resolve);
      stream.on('close', resolve);
      stream.resume();
    });
    return (await exec.inspect()).ExitCode ?? -1;
  };
  const removeProxy = async (docker: Docker): Promise<void> => {
    await docker.getContainer(proxyName).remove({ force: true }).catch(() => undefined);
  };

  before(async () => {
    await ensureRegistry();
    hosts = await ensureSimulatedHosts(3, { tlsHosts: ['h3'] });
    const [h1, h2, h3] = hosts as [SimulatedHost, SimulatedHost, SimulatedHost];
    await pushDemoTags(repository, { v1: 'docker-flow-demo:v1', v2: 'docker-flow-demo:v2' });
    await pushToRegistry('docker-flow-haproxy:2.6', proxyRepository, '2.6');
    ports = await proxyPortsInRange();
    gate = await EngineGate.open(h2.socketPath);
    app = await hostsProject(uniqueName('tier'), hosts, appCompose(repository), ports);
    // every setting in the file, as an operator keeps them: each command renders the same configuration
    const settings = ['blue_green: true', 'target: app', 'service_path: /tier', `proxy_image: ${registryFromHosts}/${proxyRepository}:2.6`, `proxy_name: ${proxyName}`, 'drain: 2s'];
    const tier = [...settings, 'proxies:', '  - h1', '  - h3', `  - { name: edge, endpoint: "${gate.endpoint}", address: ${h2.address} }`, ''].join('\n');
    await writeFile(join(app.dir, 'docker-flow.yml'), `${hostsYml(hosts)}${tier}`);
    proxies = [
      { name: 'h1', host: h1, url: `http://${h1.address}:${ports[0]}/tier/` },
      { name: 'h3', host: h3, url: `http://${h3.address}:${ports[0]}/tier/` },
      { name: 'edge', host: h2, url: `http://${h2.address}:${ports[0]}/tier/` },
    ];
  });
  after(async () => {
    await gate.remove();
    await Promise.all(hosts.map(async (h) => removeProxy(simulatedHostDocker(h))));
    await app.cleanup();
    await removeRepository(hosts, repository);
    await removeRepository(hosts, proxyRepository);
  });

  it('scenario: 5 releases and 2 scale cycles with no failed request through any proxy; a proxy down stops the switch everywhere, or is left behind with the tolerance and caught up later; a proxy that refuses has the others switched back', async () => {
    const versions = ['v1', 'v2', 'v1', 'v2', 'v1'];
    await step('the first release provisions a proxy on each host, every one serving v1', async () => {
      const r = await release(['--flow=deploy', '--flow=proxy'], 'v1');
      assert.equal(r.code, 0, r.stderr);
      assert.deepEqual(await served(), ['v1', 'v1', 'v1']);
    });

    await step('4 more releases and 2 scale cycles under a request loop through each proxy: 0 failed, every proxy serves the new version when the command returns', async () => {
      const running = loops();
      for (const version of versions.slice(1)) {
        const r = await release(['--flow=deploy', '--flow=proxy', '--flow=stop-old'], version);
        assert.equal(r.code, 0, r.stderr);
        assert.deepEqual(await served(), [version, version, version], `after the release of ${version}`);
      }
      for (const cycle of [1, 2]) {
        for (const scale of ['+1', '-1']) {
          const r = await release([`--scale=${scale}`, '--flow=scale', '--flow=proxy'], 'v1');
          assert.equal(r.code, 0, `scale ${scale} (cycle ${cycle}): ${r.stderr}`);
        }
      }
      await stopLoops(running);
      assert.deepEqual(await served(), ['v1', 'v1', 'v1']);
    });

    await step('proxy status lists the three proxies, up, with their address, ports and runtime', async () => {
      const r = await app.cli(['proxy', 'status']);
      assert.equal(r.code, 0, r.stderr);
      for (const p of proxies) assert.match(r.stdout, new RegExp(`^${p.name} \\[container\\] HAProxy container ${proxyName} on ${p.name}: running, up to date`, 'm'));
      assert.match(r.stdout, new RegExp(`address ${proxies[2]?.host.address ?? ''}:${ports[0]}; ports: HTTP ${ports[0]}, status endpoint ${ports[1]}`));
    });

    await step("edge's engine stops: the next release exits 5 naming it, nothing is switched anywhere", async () => {
      const routedBefore = (await serviceStatus((args) => app.cli(args), `${app.project}-app`)).routedColor;
      await gate.close();
      const r = await release(['--flow=deploy', '--flow=proxy', '--flow=stop-old'], 'v2');
      assert.equal(r.code, 5, r.stderr);
      assert.match(r.stderr, /1 of 3 proxies do not answer: edge does not answer .*nothing was switched on any proxy/);
      assert.deepEqual(await served(), ['v1', 'v1', 'v1']);
      const stored = await serviceStatus((args) => app.cli(args), `${app.project}-app`);
      assert.equal(stored.switching, undefined, 'the switch intent written beside the reads is taken back: no proxy had changed');
      assert.equal(stored.routedColor, routedBefore, 'the stored route names the colour it named before');
    });

    await step('with --proxy-tolerate-down=1 the others switch, loudly; status shows edge unreachable, then behind once it answers', async () => {
      const r = await release(['--flow=deploy', '--flow=proxy', '--proxy-tolerate-down=1'], 'v2');
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stderr, /PROXY DOWN, LEFT BEHIND: edge does not answer/);
      assert.deepEqual(await served(), ['v2', 'v2', 'v1'], 'h1 and h3 switched, edge still serves what it had');
      const down = await app.cli(['status']);
      assert.match(down.stdout, /proxies: h1 up, h3 up, edge UNREACHABLE/);
      await gate.reopen();
      const behind = await app.cli(['proxy', 'status']);
      assert.match(behind.stdout, /^edge \[container\] .*: running, BEHIND/m);
      assert.match((await app.cli(['status'])).stdout, /proxies: h1 up, h3 up, edge BEHIND \(serves \w+, stored routes \w+/);
    });

    await step('the next run (stop-old: its take-out is a route change) brings edge up to the stored routes before anything else', async () => {
      const r = await release(['--flow=stop-old'], 'v2');
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stderr, /proxy edge was behind \(it missed changes\): brought up to the stored routes before the switch/);
      assert.deepEqual(await served(), ['v2', 'v2', 'v2']);
      assert.match((await app.cli(['status'])).stdout, /proxies: h1 up, h3 up, edge up/);
    });

    await step('h3 refuses the configuration mid-switch: h1 and edge are switched back, the stored route stays, exit 5 naming h3', async () => {
      const h3 = proxies[1]?.host as SimulatedHost;
      // from now on `haproxy -c` in h3's proxy refuses every file (the running HAProxy is not touched)
      const refuse = 'mv /usr/sbin/haproxy /usr/sbin/haproxy.real && printf \'#!/bin/sh\\necho "[ALERT] test: this proxy refuses every configuration" >&2\\nexit 1\\n\' > /usr/sbin/haproxy && chmod 755 /usr/sbin/haproxy';
      assert.equal(await execInProxy(h3, ['sh', '-c', refuse]), 0);
      try {
        const running = loops();
        const r = await release(['--flow=deploy', '--flow=proxy', '--flow=stop-old'], 'v1');
        await stopLoops(running);
        assert.equal(r.code, 5, r.stderr);
        assert.match(r.stderr, /proxy h3 \(.*refuses every configuration.*\) refused the change or could not be reached; switched back: h1, edge/s);
        assert.deepEqual(await served(), ['v2', 'v2', 'v2']);
        const status = await app.cli(['status']);
        assert.match(status.stdout, /proxy: (blue|green) /);
        assert.doesNotMatch(status.stdout, /unconfirmed/);
      } finally {
        assert.equal(await execInProxy(h3, ['sh', '-c', 'mv /usr/sbin/haproxy.real /usr/sbin/haproxy']), 0);
      }
    });

    await step('proxy stop --node edge stops that proxy only; proxy stop stops the others', async () => {
      const state = async (): Promise<readonly string[]> => Promise.all(proxies.map(async (p) => (await simulatedHostDocker(p.host).getContainer(proxyName).inspect()).State.Status));
      const one = await app.cli(['proxy', 'stop', '--node', 'edge']);
      assert.equal(one.code, 0, one.stderr);
      assert.match(one.stdout, new RegExp(`^edge: HAProxy container ${proxyName} on edge: stopped$`, 'm'));
      assert.deepEqual(await state(), ['running', 'running', 'exited']);
      const unknown = await app.cli(['proxy', 'stop', '--node', 'h2']);
      assert.equal(unknown.code, 2);
      assert.match(unknown.stderr, /--node: "h2" is not a proxy of the tier \(proxies: h1, h3, edge\)/);
      const all = await app.cli(['proxy', 'stop']);
      assert.equal(all.code, 0, all.stderr);
      assert.deepEqual(await state(), ['exited', 'exited', 'exited']);
    });
  });
});
