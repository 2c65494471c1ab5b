import assert from 'node:assert/strict';
import { silentLogger } from '../../../src/logger';
import type { ContainerInfo } from '../../../src/domain/container';
import { runRegistrator } from '../../../src/watch/registrator';
import { retryBackoff } from '../../../src/watch/retry-backoff';
import { container } from '../builders';
import { FakeEngine, MemoryCatalog } from './fake-engine';
import { ManualTimers, settle } from './manual-timers';
import { manualCron } from '../support/manual-cron';

function app(name: string, o: Partial<ContainerInfo> = {}): ContainerInfo {
  return { ...container(name, { color: 'blue', release: 3 }), publishedPorts: [{ containerPort: 8080, protocol: 'tcp', hostIp: '0.0.0.0', hostPort: 32000 + Number(name.at(-1)) }], ...o };
}

describe('runRegistrator', () => {
  const setUp = () => {
    const h1 = new FakeEngine('h1', '10.0.0.11');
    const h2 = new FakeEngine('h2', '10.0.0.12');
    const catalog = new MemoryCatalog();
    const timers = new ManualTimers();
    const { cron, ticks } = manualCron();
    const controller = new AbortController();
    const start = () =>
      runRegistrator({
        engines: new Map([['h1', h1], ['h2', h2]]),
        catalog,
        resyncCron: '* * * * *',
        cron,
        backoff: retryBackoff({ initialMs: 100, maxMs: 1000 }),
        timers,
        logger: silentLogger,
        signal: controller.signal,
      });
    const ids = async (): Promise<string[]> => (await catalog.list()).map((i) => i.id);
    return { h1, h2, catalog, timers, ticks, controller, start, ids };
  };

  it('resyncs at start: registers serving instances at their host address and removes ghosts', async () => {
    const { h1, h2, catalog, controller, start, ids } = setUp();
    h1.put(app('demo_app-blue_1'));
    h1.put(app('demo_app-blue_2', { health: 'unhealthy' }));
    h2.put(app('demo_app-blue_3'));
    await catalog.register({ id: 'h2:demo_app-blue_9', name: 'demo-app-blue', address: '10.0.0.12', port: 1, tags: [], container: 'demo_app-blue_9', host: 'h2' });
    const running = start();
    await settle();
    assert.deepEqual(await ids(), ['h1:demo_app-blue_1', 'h2:demo_app-blue_3']);
    const [first] = await catalog.list();
    assert.deepEqual(first, {
      id: 'h1:demo_app-blue_1', name: 'demo-app-blue', address: '10.0.0.11', port: 32001,
      tags: ['release-3', 'color-blue', 'host-h1'], container: 'demo_app-blue_1', host: 'h1',
    });
    controller.abort();
    await running;
  });

  it('follows events: registers an instance once healthy, deregisters it when it dies or is removed', async () => {
    const { h1, catalog, controller, start, ids } = setUp();
    const running = start();
    await settle();
    const starting = app('demo_app-blue_1', { health: 'starting' });
    h1.put(starting);
    h1.emit('start', starting);
    await settle();
    assert.deepEqual(await ids(), []);
    const healthy = { ...starting, health: 'healthy' as const };
    h1.put(healthy);
    h1.emit('health_status: healthy', healthy);
    await settle();
    assert.deepEqual(await ids(), ['h1:demo_app-blue_1']);
    h1.containers.delete(healthy.id);
    h1.emit('destroy', healthy);
    await settle();
    assert.deepEqual(await ids(), []);
    assert.deepEqual(catalog.writes, ['deregister h1:demo_app-blue_1', 'register h1:demo_app-blue_1', 'deregister h1:demo_app-blue_1']);
    controller.abort();
    await running;
  });

  it('takes a dying instance out at once, even during a slow resync, which then does not register it again', async () => {
    const { h1, catalog, controller, start, ids } = setUp();
    const healthy = app('demo_app-blue_1');
    h1.put(healthy);
    await catalog.register({ id: 'h1:demo_app-blue_1', name: 'demo-app-blue', address: '10.0.0.11', port: 32001, tags: ['release-3', 'color-blue', 'host-h1'], container: 'demo_app-blue_1', host: 'h1' });
    let release: () => void = () => undefined;
    h1.listGate = new Promise((resolve) => (release = resolve));
    const running = start();
    await settle();
    h1.containers.delete(healthy.id);
    h1.emit('die', healthy);
    await settle();
    assert.deepEqual(await ids(), [], 'deregistered while the resync still waits for the engine');
    release();
    await settle();
    assert.deepEqual(await ids(), [], 'the resync saw it running before it died, and leaves it out');
    controller.abort();
    await running;
  });

  it('runs a full resync on each cron tick, and leaves a host whose engine is down as it was', async () => {
    const { h1, h2, ticks, controller, start, ids, timers } = setUp();
    h1.put(app('demo_app-blue_1'));
    h2.put(app('demo_app-blue_2'));
    const running = start();
    await settle();
    assert.deepEqual(await ids(), ['h1:demo_app-blue_1', 'h2:demo_app-blue_2']);
    h2.down = true;
    h1.containers.clear();
    ticks[0]?.();
    await settle();
    assert.deepEqual(await ids(), ['h2:demo_app-blue_2'], 'h1 answered: emptied; h2 did not: kept');
    h2.down = false;
    h2.containers.clear();
    await timers.advance(100);
    assert.deepEqual(await ids(), [], 'the failed resync is retried with backoff');
    controller.abort();
    await running;
  });

  it('ends when the signal aborts, leaving the catalog as it is', async () => {
    const { h1, controller, start, ids, ticks } = setUp();
    h1.put(app('demo_app-blue_1'));
    const running = start();
    await settle();
    controller.abort();
    await running;
    assert.deepEqual(await ids(), ['h1:demo_app-blue_1']);
    assert.equal(ticks.length, 0, 'the cron job is stopped');
  });
});
