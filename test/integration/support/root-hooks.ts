import { buildTestImages } from './build-test-images';
import { localSocketPath } from './local-docker';
import { pingEngine } from './ping-engine';
import { stopStartedServices } from './started-services';
import { removeTempDirs } from './temp-dir';
import { assertSharedImagesKept, sharedTestImages } from './shared-images-guard';
import { messageOf } from '../../../src/errors';

/**
 * Mocha root hooks for the integration suite (.mocharc.integration.json requires this file):
 * before anything, the local engine must answer and the test images must exist; after
 * everything, what the run started (simulated hosts, registry) is stopped and temp dirs removed.
 * After each test, the shared test images must all still be there (the test that removed one is named).
 */
let testImages: ReadonlySet<string> = new Set();

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
    testImages = await sharedTestImages();
  },
  async afterEach(this: Mocha.Context): Promise<void> {
    await assertSharedImagesKept(testImages, this.currentTest?.fullTitle() ?? '(a test)');
  },
  async afterAll(this: Mocha.Context): Promise<void> {
    this.timeout(180_000);
    await stopStartedServices();
    await removeTempDirs();
  },
};
