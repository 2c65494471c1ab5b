import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { LocalHaproxyRuntime } from '../../../../src/adapters/haproxy/local-haproxy-runtime';
import { silentLogger } from '../../../../src/logger';
import { freePort } from '../../support/free-port';
import { runtimeChangeScenarios } from './runtime-change-kit';

describe('runtime changes on the local HAProxy (real haproxy, no reload for servers and weights)', function () {
  this.timeout(120_000);
  runtimeChangeScenarios(async () => {
    const dir = await mkdtemp(join(tmpdir(), 'df-runtime-local-'));
    const httpPort = await freePort();
    const runtime = new LocalHaproxyRuntime({ dir: join(dir, 'proxy'), httpPort, statusPort: await freePort(), logger: silentLogger, stopGraceMs: 5_000 });
    return {
      runtime,
      proxyHost: '127.0.0.1',
      httpPort,
      backendHost: '127.0.0.1',
      reloadMark: async (signal) => {
        const status = await runtime.status(signal);
        return `reloads ${status.reloads ?? '?'}, worker ${status.workers.filter((w) => !w.old).map((w) => w.pid).join(',')}`;
      },
      cleanup: async () => {
        await runtime.stop(AbortSignal.timeout(30_000));
        await rm(dir, { recursive: true, force: true });
      },
    };
  });
});
