import assert from 'node:assert/strict';
import type { DockerEngine, EngineLogLine, LogReadOptions } from '../../../src/ports/docker-engine';
import type { ProgressEvent } from '../../../src/apply/progress';
import { systemClock } from '../../../src/clock';
import type { ContainerInfo } from '../../../src/domain/container';
import { UnreachableError } from '../../../src/errors';
import type { FlowContext } from '../../../src/flows/flow-context';
import { logsFlow } from '../../../src/flows/logs';
import { silentLogger } from '../../../src/logger';
import { ServiceStore } from '../../../src/store/service-store';
import { optionsFrom } from '../config/support/resolve-from';
import { container, host } from '../builders';
import { fakeEngine } from '../support/fake-engine';
import { MemoryKvStore } from '../watch/agent-support';

/** An engine whose containers print `lines` (engine form: `<time> <text>`), or one that does not answer. */
function engineWith(name: string, containers: readonly ContainerInfo[], lines: Readonly<Record<string, readonly string[]>>, down = false): DockerEngine {
  const base = fakeEngine(host(name), down ? { fails: new UnreachableError(`engine on ${name} could not be reached`) } : { containers });
  return {
    ...base,
    containerLogs: (id: string, _options: LogReadOptions, onLine: (line: EngineLogLine) => void) => {
      for (const line of lines[id] ?? []) onLine({ line, source: 'stdout' });
      return Promise.resolve();
    },
  };
}

describe('flows/logs (fake engines)', () => {
  const blue = (name: string, h: string, n: number): ContainerInfo => ({ ...container(`demo_${name}`, { host: h, color: 'blue', number: n }), id: name, labels: { 'io.docker-flow.project': 'demo' } });
  const engines = new Map<string, DockerEngine>([
    ['h1', engineWith('h1', [blue('app-blue_1', 'h1', 1)], { 'app-blue_1': ['2024-05-01T10:00:00.3Z third', '2024-05-01T10:00:00.1Z first'] })],
    ['h2', engineWith('h2', [blue('app-blue_2', 'h2', 2)], { 'app-blue_2': ['2024-05-01T10:00:00.2Z second', '2024-05-01T10:00:00.25Z second and a half'] })],
    ['h3', engineWith('h3', [], {}, true)],
  ]);
  const run = async (request: Partial<Parameters<typeof logsFlow>[1]> = {}): Promise<{ readonly out: string[]; readonly notes: string[] }> => {
    const out: string[] = [];
    const notes: string[] = [];
    const store = new ServiceStore(new MemoryKvStore());
    await store.commit(await store.read('demo-app', new AbortController().signal), { color: 'blue', scale: 2 }, new AbortController().signal);
    const ctx: FlowContext = {
      options: optionsFrom({ argv: ['-p', 'demo', '-t', 'app'] }), cwd: '/', env: {}, logger: silentLogger, clock: systemClock, signal: new AbortController().signal,
      engines, store, locks: { acquire: () => Promise.reject(new Error('no lock')), status: () => Promise.resolve(undefined), forceRelease: () => Promise.resolve(undefined) },
      proxy: () => { throw new Error('no proxy'); }, who: 'test', print: (line) => out.push(line),
      progress: (event: ProgressEvent) => void (event.type === 'note' && notes.push(event.message)),
    };
    await logsFlow(ctx, { follow: false, colour: 'live', coloured: false, ...request });
    return { out, notes };
  };

  it('puts the lines of every host in time order, prefixed, and names the silent host once', async () => {
    const { out, notes } = await run();
    assert.deepEqual(out, ['h1 app-blue_1 | first', 'h2 app-blue_2 | second', 'h2 app-blue_2 | second and a half', 'h1 app-blue_1 | third']);
    assert.equal(notes.length, 1);
    assert.match(notes[0] ?? '', /^host h3 did not answer \(engine on h3 could not be reached\); showing the logs of the others$/);
  });

  it('--node reads one host; an unknown one is bad input listing the hosts', async () => {
    assert.deepEqual((await run({ node: 'h2' })).out, ['h2 app-blue_2 | second', 'h2 app-blue_2 | second and a half']);
    await assert.rejects(run({ node: 'h9' }), (e: unknown) => e instanceof Error && /--node: "h9" is not a host of the cluster; its hosts: h1, h2, h3/.test(e.message));
  });

  it('no instance of the chosen colour is bad input saying what runs', async () => {
    await assert.rejects(run({ colour: 'green' }), (e: unknown) => e instanceof Error && 'exitCode' in e && e.exitCode === 2 && /no instance of demo-app of colour green: there are demo_app-blue_1 on h1, demo_app-blue_2 on h2/.test(e.message));
  });
});
