import assert from 'node:assert/strict';
import { planCycles, unroutedArgs } from '../../../scripts/bench/zero-downtime-cycles';

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

  it('the floor runs the same cycles without the proxy flow: deploy + stop-old, and the scale flow alone', () => {
    const cycles = planCycles(4);
    assert.deepEqual(cycles.map((c) => c.label), ['release 1: v1 → v2', 'release 2: v2 → v1', 'scale +2', 'release 3: v1 → v2', 'scale -2', 'release 4: v2 → v1']);
    assert.deepEqual(cycles.map(unroutedArgs), [
      ['--flow=deploy', '--flow=stop-old'], ['--flow=deploy', '--flow=stop-old'], ['--scale=+2', '--flow=scale'],
      ['--flow=deploy', '--flow=stop-old'], ['--scale=-2', '--flow=scale'], ['--flow=deploy', '--flow=stop-old'],
    ]);
  });
});
