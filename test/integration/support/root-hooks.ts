import { buildTestImages } from './build-test-images';
import { localSocketPath } from './local-docker';
import { pingEngine } from './ping-engine';
import { stopStartedServices } from './started-services';
import { removeTempDirs } from './temp-dir';
import { messageOf } from '../../../src/errors';

/**
 * Mocha root hooks for the integration suite (.mocharc.integration.json requires this file):
 * before anything, the local engine must answer and the test images must exist; after
 * everything, what the run started (simulated hosts, registry) is stopped and temp dirs removed.
 */
export const mochaHooks: Mocha.RootHookObject = {
  async beforeAll(this: Mocha.Context): Promise<void> {
    this.timeout(600_000);
    try {
      await pingEngine(localSocketPath, 5_000);
    } catch (error) {
      throw new Error(
        `${messageOf(error)}; the integration tests need a running Docker engine: run sudo bash scripts/setup-machine.sh`,
        { cause: error },
      );
    }
    const report = await buildTestImages();
    const built = report.split('\n').filter((line) => line.includes(' built in '));
    const summary = report.split('\n').find((line) => line.startsWith('build-images:')) ?? '';
    console.log(['  test images:', ...built.map((line) => `    ${line}`), `    ${summary}`].join('\n'));
  },
  async afterAll(this: Mocha.Context): Promise<void> {
    this.timeout(180_000);
    await stopStartedServices();
    await removeTempDirs();
  },
};
