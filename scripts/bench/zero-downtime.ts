import { performance } from 'node:perf_hooks';
import { setTimeout as delay } from 'node:timers/promises';
import { FlowFailedError } from '../../src/errors';
import { envCount, envPort } from './bench-env';
import { formatLoadReport } from './format-load-report';
import { formatZeroDowntime } from './format-zero-downtime';
import { runLoad } from './load';
import type { LoadReport } from './load';
import { LoadTimeline } from './load-timeline';
import { describeMachine } from './machine';
import { print, runBench } from './run-bench';
import { HealthyLineWatcher, planCycles } from './zero-downtime-cycles';
import { BenchProject, requirePortFree } from './zero-downtime-project';
import type { CycleResult } from './zero-downtime-results';
import { judgeZeroDowntime } from './zero-downtime-results';
import { waitForAnswer } from './wait-for-answer';

const project = 'benchzd';
const summarizeLoad = (r: LoadReport): string =>
  `${r.total} requests at ${r.achievedRatePerSec.toFixed(0)}/s, ${r.failed} failed, ` +
  (r.latencyMs === undefined ? 'no 2xx answer' : `p50 ${r.latencyMs.p50.toFixed(1)} ms, p99 ${r.latencyMs.p99.toFixed(1)} ms, max ${r.latencyMs.max.toFixed(1)} ms`);
const tail = (output: string): string => output.split('\n').slice(-12).join('\n');

/**
 * npm run bench:zero-downtime — blue-green releases and scaling under load through the proxy.
 * Env: BENCH_PROXY_PORT (18180), BENCH_STATUS_PORT (18181), BENCH_RATE (1000 req/s),
 * BENCH_DURATION_S (60: the load runs at least this long), BENCH_RELEASES (10), BENCH_BASELINE_S (5: load
 * before any cycle, to tell a machine that cannot carry the rate from failures caused by releases).
 */
runBench('bench:zero-downtime', async (signal) => {
  const proxyPort = envPort('BENCH_PROXY_PORT', 18180);
  const statusPort = envPort('BENCH_STATUS_PORT', 18181);
  const ratePerSec = envCount('BENCH_RATE', 1000);
  const minDurationMs = envCount('BENCH_DURATION_S', 60) * 1000;
  const cycles = planCycles(envCount('BENCH_RELEASES', 10));
  const url = `http://127.0.0.1:${proxyPort}/bench/`;
  print(`bench:zero-downtime: ${cycles.length} cycles under ${ratePerSec} req/s through ${url}`, describeMachine());

  const bench = await BenchProject.create({ project, proxyPort, statusPort });
  const stopLoad = new AbortController();
  signal.addEventListener('abort', () => stopLoad.abort(), { once: true });
  try {
    for (const ref of ['docker-flow-fastapp:v1', 'docker-flow-fastapp:v2']) {
      if (!(await bench.engine.hasImage(ref, signal))) {
        throw new FlowFailedError(`image ${ref} is not on the local engine`, { hint: `build it: scripts/build-images.sh ${ref}` });
      }
    }
    const leftovers = await bench.removeContainers(signal);
    if (leftovers > 0) print(`removed     ${leftovers} containers left by an earlier run (label com.docker.compose.project=${project})`);
    await requirePortFree(proxyPort, 'BENCH_PROXY_PORT');
    await requirePortFree(statusPort, 'BENCH_STATUS_PORT');

    const first = await bench.cli(['--flow=deploy', '--flow=proxy'], 'v1', signal);
    print(`first       deploy v1 + proxy: ${(first.durationMs / 1000).toFixed(1)} s, exit ${first.exitCode}`);
    if (first.exitCode !== 0) throw new FlowFailedError(`the first deploy failed (exit ${first.exitCode}):\n${tail(first.output)}`, { hint: `run it by hand in ${bench.dir}` });
    await waitForAnswer(url, 'version: v1', 30_000, signal);
    const baselineMs = envCount('BENCH_BASELINE_S', 5) * 1000;
    const baseline = await runLoad({ url, ratePerSec, durationMs: baselineMs, maxRequests: Math.ceil((ratePerSec * baselineMs) / 1000), timeoutMs: 5000, connections: 64, signal });
    print(`baseline    ${baselineMs / 1000} s with nothing deploying: ${summarizeLoad(baseline)}`);

    const timeline = new LoadTimeline();
    const maxMs = Math.max(minDurationMs, 30 * 60_000);
    const loadStart = performance.now();
    const load = runLoad({ url, ratePerSec, durationMs: maxMs, maxRequests: Math.ceil((ratePerSec * maxMs) / 1000), timeoutMs: 5000, connections: 64, signal: stopLoad.signal, timeline });
    const results: CycleResult[] = [];
    for (const cycle of cycles) {
      if (signal.aborted) break;
      const startMs = performance.now() - loadStart;
      const watcher = new HealthyLineWatcher((atMs) => timeline.mark(cycle.label, { expect: `version: ${cycle.version}`, atMs }));
      const run = await bench.cli(cycle.args, cycle.version, signal, cycle.kind === 'release' ? (line, at) => watcher.line(line, at) : undefined);
      watcher.end();
      results.push({ cycle, exitCode: run.exitCode, startMs, durationMs: run.durationMs, ...(run.exitCode === 0 ? {} : { outputTail: tail(run.output) }) });
      print(`  ${cycle.label}: ${(run.durationMs / 1000).toFixed(1)} s, exit ${run.exitCode}`);
      if (run.exitCode !== 0) break;
    }
    const left = minDurationMs - (performance.now() - loadStart);
    if (left > 0 && !signal.aborted) {
      print(`load        keeps running ${(left / 1000).toFixed(0)} s more (at least ${minDurationMs / 1000} s in all)`);
      await delay(left, undefined, { signal }).catch(() => undefined);
    }
    stopLoad.abort();
    const report = await load;
    const verdict = judgeZeroDowntime(report, results, cycles.length);
    print('', ...formatLoadReport(report), ...formatZeroDowntime(report, results, verdict));
    if (report.achievedRatePerSec < ratePerSec * 0.98) print(`note        the generator fell short of ${ratePerSec}/s (machine busy?); compare runs at the same load`);
    return verdict.pass ? 0 : 1;
  } finally {
    stopLoad.abort();
    await cleanUp(bench);
  }
});

/** Stops the proxy and removes the project's containers, networks and temp folder, even after Ctrl-C. */
async function cleanUp(bench: BenchProject): Promise<void> {
  const signal = AbortSignal.timeout(120_000);
  const stop = await bench.stopProxy(signal);
  const removed = await bench.removeContainers(signal);
  await bench.removeNetworks(signal);
  if (stop.exitCode !== 0) {
    // keep the state folder: it holds what `proxy stop` needs to find the proxy
    print(`cleanup     ${removed} containers of ${project} removed; proxy stop exited ${stop.exitCode}, so ${bench.dir} is kept:`, tail(stop.output));
    return;
  }
  await bench.removeDir();
  print(`cleanup     proxy stopped, ${removed} containers of ${project} removed, ${bench.dir} deleted`);
}
