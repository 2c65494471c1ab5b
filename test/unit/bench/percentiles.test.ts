import assert from 'node:assert/strict';
import fc from 'fast-check';
import { median, percentile, summarizeLatencies } from '../../../scripts/bench/percentiles';

const oneTo = (n: number): number[] => Array.from({ length: n }, (_, i) => i + 1);

describe('bench/percentiles', () => {
  it('nearest rank: p50 of 1..4 is 2, p90/p99/p100 of 1..100 are 90/99/100', () => {
    assert.equal(percentile([1, 2, 3, 4], 50), 2);
    assert.equal(percentile(oneTo(100), 50), 50);
    assert.equal(percentile(oneTo(100), 90), 90);
    assert.equal(percentile(oneTo(100), 99), 99);
    assert.equal(percentile(oneTo(100), 100), 100);
  });

  it('p99 of 1..1000 is 990 and of ten values is the maximum', () => {
    assert.equal(percentile(oneTo(1000), 99), 990);
    assert.equal(percentile(oneTo(10), 99), 10);
  });

  it('a single value is every percentile', () => {
    for (const p of [1, 50, 90, 99, 100]) assert.equal(percentile([7.5], p), 7.5);
  });

  it('refuses no values and p outside (0, 100]', () => {
    assert.throws(() => percentile([], 50), RangeError);
    assert.throws(() => percentile([1], 0), RangeError);
    assert.throws(() => percentile([1], 100.5), RangeError);
    assert.throws(() => percentile([1], Number.NaN), RangeError);
  });

  it('property: at least p% of the values are at or below the result, fewer than p% strictly below', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 1000 }), { minLength: 1, maxLength: 300 }), fc.integer({ min: 1, max: 100 }), (values, p) => {
        const sorted = [...values].sort((a, b) => a - b);
        const result = percentile(sorted, p);
        assert.ok(values.includes(result));
        assert.ok(values.filter((v) => v <= result).length >= (p / 100) * values.length);
        assert.ok(values.filter((v) => v < result).length < (p / 100) * values.length);
      }),
    );
  });

  it('summarizeLatencies sorts a copy (numerically, not as text) and reports min, p50, p90, p99, max, mean', () => {
    const values = [100, 9, 20, 3, 1000, 5, 7, 8, 6, 4];
    const copy = [...values];
    assert.deepEqual(summarizeLatencies(values), { count: 10, min: 3, p50: 7, p90: 100, p99: 1000, max: 1000, mean: 116.2 });
    assert.deepEqual(values, copy);
  });

  it('summarizeLatencies of nothing is undefined', () => assert.equal(summarizeLatencies([]), undefined));

  it('median: the middle value, the lower middle for an even count, undefined for none', () => {
    assert.equal(median([30, 10, 20]), 20);
    assert.equal(median([4, 1, 3, 2]), 2);
    assert.equal(median([]), undefined);
  });
});
