import assert from 'node:assert/strict';
import type { EngineEvent } from '../../../../src/ports/docker-engine';
import { ensureDemoImages, eventually, localEngine, never, removeTestObjects, spec, testLabel, uniqueName, type LogLine } from './docker-kit';

/** Open unix-socket handles of this process (the engine connection is one). */
const openSockets = (): number => process.getActiveResourcesInfo().filter((kind) => kind === 'PipeWrap').length;

describe('adapters/docker: engine events', function () {
  this.timeout(120_000);
  before(ensureDemoImages);
  after(removeTestObjects);

  it('streams start, die and destroy of labelled containers only, and ends when aborted without leaving a socket open', async () => {
    const lines: LogLine[] = [];
    const engine = localEngine({ lines });
    const run = uniqueName('events');
    const labels = { ...testLabel, 'io.docker-flow.project': run };
    const controller = new AbortController();
    const seen: EngineEvent[] = [];
    const consumer = (async () => {
      for await (const event of engine.events(labels, controller.signal)) seen.push(event);
    })();
    await eventually('event stream open', () => Promise.resolve(lines.some((line) => line.message === 'docker events done') ? true : undefined));

    const other = await engine.createContainer(spec('events-other'), never()); // not carrying the project label
    const id = await engine.createContainer(spec('events', { labels }), never());
    await engine.startContainer(other, never());
    await engine.startContainer(id, never());
    await engine.stopContainer(id, 5, never());
    await engine.removeContainer(id, never());
    await eventually('destroy event', () => Promise.resolve(seen.some((event) => event.action === 'destroy') ? true : undefined));

    const actions = seen.map((event) => event.action);
    for (const action of ['create', 'start', 'die', 'destroy']) assert.ok(actions.includes(action), `${action} in ${actions.join(', ')}`);
    assert.ok(seen.every((event) => event.containerId === id), 'only the labelled container');
    const start = seen.find((event) => event.action === 'start');
    assert.equal(start?.host, 'local');
    assert.equal(start?.containerName, spec('events').name);
    assert.equal(start?.labels['io.docker-flow.project'], run);
    assert.equal(start?.labels['image'], undefined, 'engine attributes are not labels');
    assert.ok((start?.timeNano ?? 0n) > 1_600_000_000_000_000_000n);

    const socketsWhileStreaming = openSockets();
    controller.abort();
    await consumer; // ends quietly
    await eventually('event socket closed', () => Promise.resolve(openSockets() < socketsWhileStreaming ? true : undefined), 5000);
  });

  it('reports health_status changes', async () => {
    const engine = localEngine();
    const labels = { ...testLabel, 'io.docker-flow.project': uniqueName('health-events') };
    const controller = new AbortController();
    const seen: string[] = [];
    const consumer = (async () => {
      for await (const event of engine.events(labels, controller.signal)) {
        seen.push(event.action);
        if (event.action.startsWith('health_status')) controller.abort();
      }
    })();
    const id = await engine.createContainer(spec('health-events', { labels }), never());
    await engine.startContainer(id, never());
    await consumer;
    assert.ok(seen.includes('health_status: healthy'), seen.join(', '));
    assert.ok(!seen.some((action) => action.startsWith('exec_')), 'health-check execs are filtered out by the engine');
  });

  it('an iteration that is already aborted ends at once', async () => {
    const controller = new AbortController();
    controller.abort();
    const seen: EngineEvent[] = [];
    for await (const event of localEngine().events(testLabel, controller.signal)) seen.push(event);
    assert.deepEqual(seen, []);
  });
});
