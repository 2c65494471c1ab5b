import assert from 'node:assert/strict';
import { readCliSwitches } from '../../../scripts/bench/cli-switches';
import { parseHeySummary } from '../../../scripts/bench/parse-hey';
import { planCycles } from '../../../scripts/bench/zero-downtime-cycles';
import { judgeZeroDowntime, switchFigures, targets, type CycleResult } from '../../../scripts/bench/zero-downtime-results';

/** The end of what hey 0.1.4 printed for a run with a few failures. */
const heyOutput = `
Summary:
  Total:\t20.0031 secs
  Slowest:\t0.0415 secs
  Fastest:\t0.0002 secs
  Average:\t0.0008 secs
  Requests/sec:\t1999.6400

Latency distribution:
  10% in 0.0004 secs
  25% in 0.0005 secs
  50% in 0.0006 secs
  75% in 0.0008 secs
  90% in 0.0011 secs
  95% in 0.0014 secs
  99% in 0.0031 secs

Status code distribution:
  [200]\t39990 responses
  [503]\t4 responses

Error distribution:
  [6]\tGet "http://127.0.0.1:18180/bench/": EOF
`;

describe('bench/zero-downtime results', () => {
  it('reads the summary of hey: totals, failures by kind, percentiles in ms', () => {
    const r = parseHeySummary(heyOutput);
    assert.deepEqual([r.total, r.ok, r.failed, r.elapsedSec], [40000, 39990, 10, 20.0031]);
    assert.deepEqual(r.statuses, { '200': 39990, '503': 4 });
    assert.deepEqual(r.errors, { 'Get "http://127.0.0.1:18180/bench/": EOF': 6 });
    assert.deepEqual(r.latencyMs, { p50: 0.6, p90: 1.1, p99: 3.1, max: 41.5 });
  });

  it('reads the route steps and the proxy changes from the JSON log of a CLI run', () => {
    const log = [
      '{"level":"info","message":"route /bench of benchzd-app to app-green","type":"step-done","step":"route /bench of benchzd-app to app-green","durationMs":14}',
      '{"level":"info","message":"proxy switched at runtime: 4 commands confirmed in 2 ms (12 ms with the checked file)","path":"runtime","confirmedMs":2.4,"totalMs":12}',
      '{"level":"info","message":"proxy reloaded: frontend http changed","path":"reload","why":"frontend http changed"}',
      '{"level":"debug","message":"route benchzd-app: instances 5 ms, lock 2 ms","service":"benchzd-app","timeline":{"lock":2,"instances":5,"note":"x"}}',
      '{"level":"debug","message":"runtime change: candidate 1 ms, checked 9 ms","runtimeTimeline":{"candidate":1,"checked":9}}',
      'not json',
    ].join('\n');
    assert.deepEqual(readCliSwitches(log), {
      routeStepsMs: [14],
      changes: [{ path: 'runtime', confirmedMs: 2.4 }, { path: 'reload', why: 'frontend http changed' }],
      timelines: [{ lock: 2, instances: 5 }],
      runtimeTimelines: [{ candidate: 1, checked: 9 }],
    });
  });

  it('judges zero downtime and the targets from one run', () => {
    const cycles = planCycles(2);
    const ok = (i: number, step: number): CycleResult => ({
      cycle: cycles[i] ?? planCycles(1)[0] ?? { label: '', kind: 'release', version: 'v1', args: [] }, exitCode: 0, durationMs: 4000, served: true,
      switches: { routeStepsMs: [step], changes: [{ path: 'runtime', confirmedMs: 2 }], timelines: [{ instances: step / 2, record: step }], runtimeTimelines: [{ checked: step / 3 }] },
    });
    const results = [ok(0, 12), ok(2, 30)];
    const during = { ...parseHeySummary(heyOutput), total: 130_000, failed: 0 };
    assert.deepEqual(judgeZeroDowntime(during, results, 2), { pass: true, reasons: [] });
    assert.deepEqual(judgeZeroDowntime(parseHeySummary(heyOutput), [{ ...ok(0, 12), served: false }], 2).reasons, ['10 of 40000 requests failed', 'only 1 of 2 cycles ran', 'release 1: v1 → v2: the proxy did not answer version v2 afterwards']);
    const figures = switchFigures(results);
    assert.deepEqual(figures, { stepMs: [12, 30], movedMs: [2, 2], runtime: 2, reloads: [], parts: new Map([['instances', [6, 15]], ['record', [12, 30]]]), runtimeParts: new Map([['checked', [4, 10]]]) });
    assert.deepEqual(targets(parseHeySummary(heyOutput), during, figures).map((t) => t.met), [true, true, true, true]);
  });
});
