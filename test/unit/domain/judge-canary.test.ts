import assert from 'node:assert/strict';
import { parseErrorRateLimit, parseResponseTimeLimit, parseStep, stepsProblem, type CanarySettings } from '../../../src/domain/canary-settings';
import { percentile, windowFigures, type ColorFigures, type SlotReading } from '../../../src/domain/canary-window';
import { judgeCanaryStep } from '../../../src/domain/judge-canary';

const slot = (o: Partial<SlotReading> & Pick<SlotReading, 'slot'>): SlotReading => ({
  proxy: 'p1', requests: 0, serverErrors: 0, connectionErrors: 0, responseErrors: 0, averageResponseMs: 0, ...o,
});
const figures = (requests: number, errors: number, responseMs: number | undefined): ColorFigures => ({
  requests, errors, errorRate: requests === 0 ? 0 : errors / requests, responseMs,
});
const limits = (o: Partial<CanarySettings> = {}): CanarySettings => ({
  steps: [10, 100], intervalMs: 1000, minRequests: 100, maxExtensions: 3,
  maxErrorRate: [{ kind: 'absolute', percent: 1 }], maxResponseTime: [{ kind: 'times-old', factor: 2 }], ...o,
});

describe('domain/canary-window: the figures of a window are deltas of the counters, summed over slots and proxies', () => {
  it('subtracts the baseline and sums each colour over its slots on every proxy', () => {
    const before = [
      slot({ slot: 's1', color: 'blue', requests: 1000, serverErrors: 3 }),
      slot({ slot: 's2', color: 'green', requests: 0 }),
      slot({ proxy: 'p2', slot: 's1', color: 'blue', requests: 500 }),
      slot({ proxy: 'p2', slot: 's2', color: 'green', requests: 10, serverErrors: 1 }),
    ];
    const after = [
      slot({ slot: 's1', color: 'blue', requests: 1400, serverErrors: 3, averageResponseMs: 4 }),
      slot({ slot: 's2', color: 'green', requests: 60, serverErrors: 5, connectionErrors: 1, averageResponseMs: 10 }),
      slot({ proxy: 'p2', slot: 's1', color: 'blue', requests: 900, averageResponseMs: 2 }),
      slot({ proxy: 'p2', slot: 's2', color: 'green', requests: 50, serverErrors: 2, responseErrors: 1, averageResponseMs: 20 }),
    ];
    const w = windowFigures(before, after, 'blue', 'green');
    assert.equal(w.kind, 'figures');
    if (w.kind !== 'figures') return;
    // blue: 400 + 400 requests, no new errors; response (4×400 + 2×400) / 800 = 3
    assert.deepEqual(w.old, { requests: 800, errors: 0, errorRate: 0, responseMs: 3 });
    // green: 60 + 40 requests; errors (5 + 1) + (1 + 1) = 8; response (10×60 + 20×40) / 100 = 14
    assert.deepEqual(w.fresh, { requests: 100, errors: 8, errorRate: 0.08, responseMs: 14 });
  });

  it('zero requests: rate 0 and no response time; a free or maintenance slot (no colour) counts for nobody', () => {
    const w = windowFigures([slot({ slot: 's1', color: 'blue' })], [slot({ slot: 's1', color: 'blue' }), slot({ slot: 's3', requests: 50 })], 'blue', 'green');
    assert.deepEqual(w, { kind: 'figures', old: figures(0, 0, undefined), fresh: figures(0, 0, undefined) });
  });

  it('errors beyond the requests (failed connections) never make a rate above 100 %', () => {
    const w = windowFigures([], [slot({ slot: 's1', color: 'green', requests: 2, connectionErrors: 4 })], 'blue', 'green');
    assert.equal(w.kind === 'figures' ? w.fresh.errorRate : -1, 1);
  });

  it('p99 per colour from the logged requests of the window (nearest rank), each request by the colour of its proxy/slot', () => {
    const slots = [slot({ slot: 's1', color: 'blue', requests: 100 }), slot({ slot: 's2', color: 'green', requests: 100 }), slot({ proxy: 'p2', slot: 's1', color: 'green', requests: 0 })];
    const timed = [
      ...Array.from({ length: 99 }, () => ({ proxy: 'p1', slot: 's1', ms: 5 })), { proxy: 'p1', slot: 's1', ms: 900 },
      ...Array.from({ length: 98 }, () => ({ proxy: 'p1', slot: 's2', ms: 10 })), { proxy: 'p2', slot: 's1', ms: 300 }, { proxy: 'p2', slot: 's1', ms: 400 },
      { proxy: 'p1', slot: 's9', ms: 5000 }, // a slot without a colour counts for nobody
    ];
    const w = windowFigures([], slots, 'blue', 'green', timed);
    assert.equal(w.kind, 'figures');
    if (w.kind !== 'figures') return;
    assert.deepEqual([w.old.p99Ms, w.old.timedRequests], [5, 100]); // 99 of 100 at 5 ms
    assert.deepEqual([w.fresh.p99Ms, w.fresh.timedRequests], [300, 100]); // the 99th of 100 sorted is 300
    assert.equal(percentile([], 99), undefined);
    assert.equal(percentile([7], 99), 7);
  });

  it('a counter that went down means the proxy restarted its counters: the window starts again', () => {
    const w = windowFigures([slot({ slot: 's1', color: 'blue', requests: 900 })], [slot({ slot: 's1', color: 'blue', requests: 12 })], 'blue', 'green');
    assert.deepEqual(w, { kind: 'restarted', where: 'p1/s1' });
  });
});

describe('domain/judge-canary: a step passes only when every limit holds', () => {
  it('too few requests for the new colour is neither a pass nor a failure', () => {
    assert.deepEqual(judgeCanaryStep(figures(5000, 0, 3), figures(99, 0, 3), limits()), { kind: 'too-few', requests: 99, minRequests: 100 });
    assert.deepEqual(judgeCanaryStep(figures(0, 0, undefined), figures(0, 0, undefined), limits()), { kind: 'too-few', requests: 0, minRequests: 100 });
  });

  it('absolute error rate: 1 % of 100 requests passes, 2 % fails, with the figures', () => {
    assert.equal(judgeCanaryStep(figures(900, 0, 5), figures(100, 1, 5), limits()).kind, 'passed');
    const failed = judgeCanaryStep(figures(900, 0, 5), figures(100, 2, 5), limits());
    assert.equal(failed.kind, 'failed');
    assert.deepEqual(failed.kind === 'failed' ? failed.checks[0] : undefined, { limit: 'error rate ≤ 1%', seen: '2.00 %', allowed: '1.00 %', ok: false });
  });

  it('relative error rate: the old colour\'s rate plus the points; an old colour without traffic counts as 0 %', () => {
    const relative = limits({ maxErrorRate: [{ kind: 'above-old', points: 1 }] });
    assert.equal(judgeCanaryStep(figures(1000, 50, 5), figures(100, 6, 5), relative).kind, 'passed'); // 6 % ≤ 5 % + 1
    assert.equal(judgeCanaryStep(figures(1000, 50, 5), figures(100, 7, 5), relative).kind, 'failed');
    assert.equal(judgeCanaryStep(figures(0, 0, undefined), figures(100, 2, 5), relative).kind, 'failed'); // 2 % > 0 % + 1
  });

  it('both kinds of error limit must hold', () => {
    const both = limits({ maxErrorRate: [{ kind: 'absolute', percent: 5 }, { kind: 'above-old', points: 0.5 }] });
    const v = judgeCanaryStep(figures(1000, 0, 5), figures(100, 2, 5), both);
    assert.equal(v.kind, 'failed');
    assert.deepEqual(v.kind === 'failed' ? v.checks.map((c) => c.ok) : [], [true, false, true]); // and the response time
  });

  it('2x allows max(2 × old, old + 20 ms): a 1 ms old colour lets a 21 ms one pass; 10x slower fails', () => {
    assert.equal(judgeCanaryStep(figures(900, 0, 1), figures(100, 0, 21), limits()).kind, 'passed');
    assert.equal(judgeCanaryStep(figures(900, 0, 1), figures(100, 0, 22), limits()).kind, 'failed');
    assert.equal(judgeCanaryStep(figures(900, 0, 100), figures(100, 0, 200), limits()).kind, 'passed');
    const slow = judgeCanaryStep(figures(900, 0, 20), figures(100, 0, 200), limits());
    assert.deepEqual(slow.kind === 'failed' ? slow.checks[1] : undefined, { limit: 'response time (mean) ≤ 2x', seen: '200 ms', allowed: '40 ms', ok: false });
  });

  it('judges the p99 when the new colour\'s requests were logged: a slow tail fails even when the mean passes', () => {
    const old = { ...figures(900, 0, 4), p99Ms: 9, timedRequests: 900 };
    const tail = { ...figures(100, 0, 6), p99Ms: 250, timedRequests: 100 };
    const v = judgeCanaryStep(old, tail, limits());
    assert.deepEqual(v.kind === 'failed' ? v.checks[1] : undefined, { limit: 'response time (p99) ≤ 2x', seen: '250 ms', allowed: '29 ms', ok: false });
    assert.equal(judgeCanaryStep(old, { ...tail, p99Ms: 25 }, limits()).kind, 'passed');
  });

  it('a relative response-time limit is not applied (and says so) when the old colour had no request; an absolute one still is', () => {
    const v = judgeCanaryStep(figures(0, 0, undefined), figures(100, 0, 500), limits({ maxResponseTime: [{ kind: 'times-old', factor: 2 }, { kind: 'absolute', ms: 300 }] }));
    assert.equal(v.kind, 'failed');
    assert.deepEqual(v.kind === 'failed' ? v.notes : [], ['response time (mean) ≤ 2x not applied: the old colour answered no request in this window']);
    assert.deepEqual(v.kind === 'failed' ? v.checks.map((c) => c.limit) : [], ['error rate ≤ 1%', 'response time (mean) ≤ 300ms']);
  });
});

describe('domain/canary-settings: the values the options take', () => {
  it('reads error-rate limits, refusing negative, above 100 or unit-less ones', () => {
    assert.deepEqual(parseErrorRateLimit('1%'), { kind: 'absolute', percent: 1 });
    assert.deepEqual(parseErrorRateLimit('+0.5%'), { kind: 'above-old', points: 0.5 });
    for (const bad of ['-1%', '101%', '1', 'x%', '']) assert.equal(parseErrorRateLimit(bad), undefined, bad);
  });

  it('reads response-time limits: durations and factors of at least 1', () => {
    assert.deepEqual(parseResponseTimeLimit('300ms'), { kind: 'absolute', ms: 300 });
    assert.deepEqual(parseResponseTimeLimit('1.5s'), { kind: 'absolute', ms: 1500 });
    assert.deepEqual(parseResponseTimeLimit('2x'), { kind: 'times-old', factor: 2 });
    for (const bad of ['0.5x', '-2x', '0ms', '300', 'fast']) assert.equal(parseResponseTimeLimit(bad), undefined, bad);
  });

  it('reads steps 1..100 and wants them increasing, ending at 100', () => {
    assert.deepEqual(['10', '25%', '100'].map(parseStep), [10, 25, 100]);
    for (const bad of ['0', '101', '-5', '2.5', 'ten']) assert.equal(parseStep(bad), undefined, bad);
    assert.equal(stepsProblem([10, 25, 50, 100]), undefined);
    assert.equal(stepsProblem([10, 50, 25, 100]), 'the steps must increase: 25 comes after 50');
    assert.equal(stepsProblem([10, 10, 100]), 'the steps must increase: 10 comes after 10');
    assert.equal(stepsProblem([10, 50]), 'the last step must be 100 (the promotion); found 10,50');
  });
});
