import assert from 'node:assert/strict';
import { formatZeroDowntime } from '../../../scripts/bench/format-zero-downtime';
import type { LoadReport } from '../../../scripts/bench/load';
import { planCycles } from '../../../scripts/bench/zero-downtime-cycles';
import type { BenchCycle } from '../../../scripts/bench/zero-downtime-cycles';
import { failuresPerCycle, judgeZeroDowntime } from '../../../scripts/bench/zero-downtime-results';
import type { CycleResult } from '../../../scripts/bench/zero-downtime-results';

function cycleAt(index: number): BenchCycle {
  const cycle = planCycles(2)[index];
  if (cycle === undefined) throw new Error(`planCycles(2) has no cycle ${index}`);
  return cycle;
}
const [r1, up, r2] = [cycleAt(0), cycleAt(1), cycleAt(2)];

const first: CycleResult = { cycle: r1, exitCode: 0, startMs: 1000, durationMs: 9000 };
const scaleUp: CycleResult = { cycle: up, exitCode: 0, startMs: 10_000, durationMs: 5000 };
const results: readonly CycleResult[] = [first, scaleUp, { cycle: r2, exitCode: 0, startMs: 15_000, durationMs: 9500 }];

function report(overrides: Partial<LoadReport> = {}): LoadReport {
  return {
    url: 'http://127.0.0.1:18180/bench/',
    stoppedBy: 'signal',
    elapsedMs: 60_000,
    total: 60_000,
    ok: 60_000,
    failed: 0,
    failures: { connection: {}, status: {}, timeout: 0 },
    latencyMs: { count: 60_000, min: 0.4, p50: 1.2, p90: 2, p99: 5.5, max: 40, mean: 1.4 },
    achievedRatePerSec: 1000,
    requestedRatePerSec: 1000,
    maxScheduleLagMs: 3,
    bodies: { 'version: v1': 30_000, 'version: v2': 30_000 },
    timeline: [
      { label: r1.label, atMs: 4000, expect: 'version: v2', firstExpectedMs: 4300, switchMs: 300, lastOtherMs: 4500 },
      { label: r2.label, atMs: 18_000, expect: 'version: v1', firstExpectedMs: 18_250, switchMs: 250 },
    ],
    failureSamples: [],
    ...overrides,
  };
}

describe('bench/zero-downtime results', () => {
  it('passes with 0 failed requests, every CLI run at exit 0 and every switch seen', () => {
    assert.deepEqual(judgeZeroDowntime(report(), results, 3), { pass: true, reasons: [] });
  });

  it('fails on any failed request, a failed CLI run, a switch never seen, or cycles that did not run', () => {
    const failing = report({ failed: 2, total: 60_002, timeline: [] });
    const broken: CycleResult[] = [first, { ...scaleUp, exitCode: 1 }];
    assert.deepEqual(judgeZeroDowntime(failing, broken, 3).reasons, [
      '2 of 60002 requests failed',
      'only 2 of 3 cycles ran',
      'release 1: v1 → v2: no healthy line seen in the CLI output',
      'scale +2: the CLI exited with 1',
    ]);
  });

  it('ties each failure to the cycle whose window it fell in', () => {
    const samples = [{ atMs: 500, kind: 'timeout' }, { atMs: 1000, kind: 'ECONNRESET' }, { atMs: 14_999, kind: 'HTTP 503' }, { atMs: 40_000, kind: 'HTTP 503' }];
    assert.deepEqual(failuresPerCycle(samples, results), { before: 1, perCycle: [1, 1, 1] });
  });

  it('prints a line per cycle with its CLI time, failures and switch latency, a summary and the verdict', () => {
    const lines = formatZeroDowntime(report(), results, judgeZeroDowntime(report(), results, 3));
    assert.deepEqual(lines.slice(1), [
      '  release 1: v1 → v2    9.0 s  exit 0  failed 0  switch 300 ms, last old answer 500 ms after healthy',
      '  scale +2              5.0 s  exit 0  failed 0',
      '  release 2: v2 → v1    9.5 s  exit 0  failed 0  switch 250 ms',
      'release CLI median 9.0 s (min 9.0 s, max 9.5 s, 2)',
      'scale CLI   median 5.0 s (min 5.0 s, max 5.0 s, 1)',
      'switch      median 250 ms (min 250 ms, max 300 ms, 2)',
      'verdict     PASS: 0 failed of 60000 requests at 1000/s over 60.0 s, 2 releases and 1 scale cycles (target: 0 failed)',
    ]);
  });
});
