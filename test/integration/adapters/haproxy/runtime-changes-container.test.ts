import { connectEngine } from '../../../../src/adapters/docker/connect-engine';
import { ContainerHaproxyRuntime } from '../../../../src/adapters/haproxy/container-haproxy-runtime';
import { proxyPortsInRange } from '../../hosts/hosts-kit';
import { removeRepository } from '../../hosts/host-engines';
import { removeLabelled } from '../../support/remove-labelled';
import { ensureSimulatedHosts, registryFromHosts, simulatedHostDocker } from '../../support/simulated-hosts';
import { testLabel } from '../../support/test-label';
import { ensureRegistry, pushToRegistry } from '../../support/test-registry';
import { uniqueName } from '../../support/unique-name';
import { recordingLogger } from './haproxy-kit';
import { runtimeChangeScenarios } from './runtime-change-kit';

/**
 * The same scenarios with the proxy as a container on the simulated host h1 (its own dockerd; the
 * image from the test registry). The test's backends listen on the bridge address 10.77.0.1, which
 * the container reaches through h1's default route; clients reach the proxy on 10.77.0.11.
 */
describe('runtime changes on the proxy container of a simulated host (h1; exec of nc on the container loopback, no reload for servers and weights)', function () {
  this.timeout(180_000);
  runtimeChangeScenarios(async () => {
    const name = uniqueName('df-runtime-proxy');
    const repository = uniqueName('runtime-haproxy');
    await ensureRegistry();
    const hosts = await ensureSimulatedHosts(1);
    const [h1] = hosts;
    if (h1 === undefined) throw new Error('no simulated host h1');
    await pushToRegistry('docker-flow-haproxy:2.6', repository, '2.6');
    const [httpPort, statusPort] = await proxyPortsInRange();
    const engine = connectEngine({ name: h1.name, endpoint: { scheme: 'unix', socketPath: h1.socketPath }, address: h1.address, labels: {} }, { apiTimeoutMs: 60_000, logger: recordingLogger([]) });
    const runtime = new ContainerHaproxyRuntime({
      engine, httpPort, statusPort, image: `${registryFromHosts}/${repository}:2.6`, containerName: name, labels: { [testLabel]: name }, logger: recordingLogger([]), stopGraceSec: 2,
    });
    return {
      runtime,
      proxyHost: h1.address,
      httpPort,
      backendHost: '10.77.0.1',
      reloadMark: async (signal) => `worker ${(await runtime.status(signal)).workers.filter((w) => !w.old).map((w) => w.pid).join(',')}`,
      cleanup: async () => {
        await removeLabelled(testLabel, name, simulatedHostDocker(h1));
        await removeRepository(hosts, repository);
      },
    };
  });
});
