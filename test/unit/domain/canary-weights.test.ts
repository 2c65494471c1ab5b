import assert from 'node:assert/strict';

import fc from 'fast-check';

import { canaryWeights, maxServerWeight } from '../../../src/domain/canary-weights';

describe('domain canaryWeights', () => {
  it('gives small exact weights when it can', () => {
    assert.deepEqual(canaryWeights([{ percent: 90, serverCount: 1 }, { percent: 10, serverCount: 1 }]), [9, 1]);
    assert.deepEqual(canaryWeights([{ percent: 90, serverCount: 2 }, { percent: 10, serverCount: 3 }]), [27, 2]);
    assert.deepEqual(canaryWeights([{ percent: 50, serverCount: 2 }, { percent: 50, serverCount: 2 }]), [1, 1]);
  });

  it('returns undefined without a split (one group, or every other group at 0 % or empty)', () => {
    assert.equal(canaryWeights([{ percent: 100, serverCount: 3 }]), undefined);
    assert.equal(canaryWeights([{ percent: 100, serverCount: 3 }, { percent: 0, serverCount: 2 }]), undefined);
    assert.equal(canaryWeights([{ percent: 60, serverCount: 3 }, { percent: 40, serverCount: 0 }]), undefined);
  });

  it('keeps every weight within 1..256 and each share within a point of its percent when HAProxy weights allow it', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 99 }), fc.integer({ min: 1, max: 20 }), fc.integer({ min: 1, max: 20 }), (percent, countA, countB) => {
        const weights = canaryWeights([{ percent, serverCount: countA }, { percent: 100 - percent, serverCount: countB }]);
        assert.ok(weights !== undefined);
        const [a = 0, b = 0] = weights;
        for (const w of weights) assert.ok(w >= 1 && w <= maxServerWeight && Number.isInteger(w));
        const share = (100 * a * countA) / (a * countA + b * countB);
        const idealA = percent / countA;
        const idealB = (100 - percent) / countB;
        if (Math.max(idealA, idealB) / Math.min(idealA, idealB) <= maxServerWeight) {
          assert.ok(Math.abs(share - percent) <= 1, `${percent}% with ${countA}/${countB} servers gave ${share.toFixed(2)}%`);
        } else {
          // Beyond 1:256 per server the closest split is the smaller side at 1, the larger at 256.
          assert.deepEqual([a, b].sort((x, y) => x - y), [1, maxServerWeight]);
        }
      }),
      { numRuns: 500 },
    );
  });
});
