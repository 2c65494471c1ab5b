import assert from 'node:assert/strict';
import { HealthyLineWatcher, planCycles } from '../../../scripts/bench/zero-downtime-cycles';

describe('bench/zero-downtime cycles', () => {
  it('10 releases alternate v2/v1 with a scale up after the 4th and down after the 7th', () => {
    const cycles = planCycles(10);
    assert.deepEqual(
      cycles.map((c) => c.label),
      ['release 1: v1 → v2', 'release 2: v2 → v1', 'release 3: v1 → v2', 'release 4: v2 → v1', 'scale +2', 'release 5: v1 → v2', 'release 6: v2 → v1',
        'release 7: v1 → v2', 'scale -2', 'release 8: v2 → v1', 'release 9: v1 → v2', 'release 10: v2 → v1'],
    );
    assert.deepEqual(cycles[0]?.args, ['--flow=deploy', '--flow=proxy', '--flow=stop-old']);
    assert.deepEqual(cycles[4], { label: 'scale +2', kind: 'scale', version: 'v1', args: ['--scale=+2', '--flow=scale', '--flow=proxy'] });
    assert.deepEqual(cycles[8], { label: 'scale -2', kind: 'scale', version: 'v2', args: ['--scale=-2', '--flow=scale', '--flow=proxy'] });
  });

  it('every release deploys the other version than the one live before it', () => {
    let live = 'v1';
    for (const cycle of planCycles(13)) {
      if (cycle.kind === 'release') assert.notEqual(cycle.version, live);
      else assert.equal(cycle.version, live);
      live = cycle.version;
    }
  });

  const healthy = (name: string): string => `[06:35:45]   ✓ wait until benchzd_${name} on local is healthy (timeout 120s) (1.5s)`;

  it('the cutover moment is the last healthy line before the proxy phase', () => {
    const seen: number[] = [];
    const watcher = new HealthyLineWatcher((at) => seen.push(at));
    watcher.line('[06:35:44] ▸ green healthy', 1);
    watcher.line(healthy('app-green_1'), 2);
    watcher.line(healthy('app-green_2'), 3);
    watcher.line('[06:35:45] ▸ switch the proxy', 4);
    watcher.line(healthy('app-green_3'), 5);
    watcher.end();
    assert.deepEqual(seen, [3]);
    assert.equal(watcher.seen, true);
  });

  it('a healthy line at the very end counts when the CLI exits; no healthy line, no cutover', () => {
    const seen: number[] = [];
    const last = new HealthyLineWatcher((at) => seen.push(at));
    last.line(healthy('app-blue_1'), 7);
    last.end();
    const none = new HealthyLineWatcher((at) => seen.push(at));
    none.line('✗ start benchzd_app-blue_1 on local: failed', 9);
    none.end();
    assert.deepEqual(seen, [7]);
    assert.equal(none.seen, false);
  });
});
