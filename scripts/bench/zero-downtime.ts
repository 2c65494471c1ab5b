import { performance } from 'node:perf_hooks';
import { setTimeout as delay } from 'node:timers/promises';
import { FlowFailedError } from '../../src/errors';
import { envCount, envPort } from './bench-env';
import { readCliSwitches } from './cli-switches';
import { formatZeroDowntime, summarizeHey } from './format-zero-downtime';
import { runHey } from './hey-load';
import { describeMachine } from './machine';
import { print, runBench } from './run-bench';
import { planCycles, unroutedArgs, type BenchCycle } from './zero-downtime-cycles';
import { BenchProject, requirePortFree } from './zero-downtime-project';
import type { CycleResult, FloorResult } from './zero-downtime-results';
import { judgeZeroDowntime, switchFigures } from './zero-downtime-results';
import { waitForAnswer } from './wait-for-answer';

const project = 'benchzd';
const floorProject = 'benchzdf';
const tail = (output: string): string => output.split('\n').slice(-12).join('\n');

/**
 * npm run bench:zero-downtime — blue-green releases and scaling under load through the local proxy,
 * the load sent by `hey` (a native generator; scripts/setup-machine.sh installs it).
 * Env: BENCH_PROXY_PORT (18180), BENCH_STATUS_PORT (18181), BENCH_RATE (2000 req/s),
 * BENCH_BASELINE_S (20: load with nothing deploying, first), BENCH_FLOOR_RELEASES (4: the same kind of
 * cycles — releases, scale +2 and -2 — of a second, unrouted project under the same load: the p99 that
 * releasing costs this machine without any proxy change; 0 skips), BENCH_DURATION_S (75: the load during the cycles runs at least this long),
 * BENCH_RELEASES (10), BENCH_WORKERS (200 hey workers, each at most BENCH_RATE / 200 per second),
 * BENCH_SERVER_MAXCONN (none: the first deploy routes with --proxy-server-maxconn=N, kept by the later runs).
 */
runBench('bench:zero-downtime', async (signal) => {
  const proxyPort = envPort('BENCH_PROXY_PORT', 18180);
  const statusPort = envPort('BENCH_STATUS_PORT', 18181);
  const ratePerSec = envCount('BENCH_RATE', 2000);
  const baselineSec = envCount('BENCH_BASELINE_S', 20);
  const minDurationMs = envCount('BENCH_DURATION_S', 75) * 1000;
  const workers = envCount('BENCH_WORKERS', 200);
  const floorReleases = envCount('BENCH_FLOOR_RELEASES', 4);
  const cycles = planCycles(envCount('BENCH_RELEASES', 10));
  const url = `http://127.0.0.1:${proxyPort}/bench/`;
  print(`bench:zero-downtime: baseline ${baselineSec} s, then ${cycles.length} cycles, under ${ratePerSec} req/s (hey, ${workers} workers) through ${url}`, describeMachine());

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

    const maxconn = process.env['BENCH_SERVER_MAXCONN'] === undefined ? [] : [`--proxy-server-maxconn=${envCount('BENCH_SERVER_MAXCONN', 0)}`];
    const first = await bench.cli(['--flow=deploy', '--flow=proxy', ...maxconn], 'v1', signal);
    print(`first       deploy v1 + proxy${maxconn.length === 0 ? '' : ` ${maxconn.join(' ')}`}: ${(first.durationMs / 1000).toFixed(1)} s, exit ${first.exitCode}`);
    if (first.exitCode !== 0) throw new FlowFailedError(`the first deploy failed (exit ${first.exitCode}):\n${tail(first.output)}`, { hint: `run it by hand in ${bench.dir}` });
    await waitForAnswer(url, 'version: v1', 30_000, signal);
    const baseline = await runHey({ url, ratePerSec, maxSeconds: baselineSec, workers, stop: stopLoad.signal });
    print(`baseline    ${baselineSec} s with nothing deploying: ${summarizeHey(baseline)}`, `            (${baseline.command})`);
    const floor = floorReleases === 0 ? undefined : await measureFloor({ proxyPort, statusPort, cycles: planCycles(floorReleases), load: { url, ratePerSec, maxSeconds: 30 * 60, workers } }, signal);

    const maxSec = Math.max(minDurationMs / 1000, 30 * 60);
    const loadStart = performance.now();
    const load = runHey({ url, ratePerSec, maxSeconds: maxSec, workers, stop: stopLoad.signal });
    const results: CycleResult[] = [];
    for (const cycle of cycles) {
      if (signal.aborted) break;
      const run = await bench.cli(cycle.args, cycle.version, signal);
      const served = run.exitCode === 0 && cycle.kind === 'release' ? await waitForAnswer(url, `version: ${cycle.version}`, 10_000, signal).then(() => true, () => false) : run.exitCode === 0;
      results.push({ cycle, exitCode: run.exitCode, durationMs: run.durationMs, switches: readCliSwitches(run.output), served, ...(run.exitCode === 0 ? {} : { outputTail: tail(run.output) }) });
      print(`  ${cycle.label}: ${(run.durationMs / 1000).toFixed(1)} s, exit ${run.exitCode}`);
      if (run.exitCode !== 0) break;
    }
    const left = minDurationMs - (performance.now() - loadStart);
    if (left > 0 && !signal.aborted) {
      print(`load        keeps running ${(left / 1000).toFixed(0)} s more (at least ${minDurationMs / 1000} s in all)`);
      await delay(left, undefined, { signal }).catch(() => undefined);
    }
    stopLoad.abort();
    const during = await load;
    const verdict = judgeZeroDowntime(during, results, cycles.length);
    print('', ...formatZeroDowntime(baseline, during, results, switchFigures(results), verdict, floor));
    if (during.ratePerSec < ratePerSec * 0.98) print(`note        hey fell short of ${ratePerSec}/s (slow answers hold a worker; machine busy?); compare runs at the same load`);
    return verdict.pass ? 0 : 1;
  } finally {
    stopLoad.abort();
    await cleanUp(bench);
  }
});

/**
 * The floor: under the same load, the same kind of cycles as the measured ones — blue-green releases
 * (deploy + stop-old) with a scale +2 and -2 between them — of a second project that no proxy routes.
 * Nothing in the proxy changes, so its p99 is what releasing costs this machine's cores (the engine,
 * new containers starting, a docker-flow process) — the p99 of the cycles cannot be expected below it.
 */
async function measureFloor(o: { readonly proxyPort: number; readonly statusPort: number; readonly cycles: readonly BenchCycle[]; readonly load: Parameters<typeof runHey>[0] }, signal: AbortSignal): Promise<FloorResult> {
  const side = await BenchProject.create({ project: floorProject, proxyPort: o.proxyPort, statusPort: o.statusPort });
  const stop = new AbortController();
  signal.addEventListener('abort', () => stop.abort(), { once: true });
  try {
    await side.removeContainers(signal);
    const first = await side.cli(['--flow=deploy'], 'v1', signal);
    if (first.exitCode !== 0) throw new FlowFailedError(`the first deploy of ${floorProject} failed (exit ${first.exitCode}):\n${tail(first.output)}`, { hint: `run it by hand in ${side.dir}` });
    const load = runHey({ ...o.load, stop: stop.signal });
    let ran = 0;
    for (const cycle of o.cycles) {
      if (signal.aborted) break;
      const run = await side.cli(unroutedArgs(cycle), cycle.version, signal);
      if (run.exitCode !== 0) throw new FlowFailedError(`${cycle.label} of ${floorProject} failed (exit ${run.exitCode}):\n${tail(run.output)}`, { hint: `run it by hand in ${side.dir}` });
      ran += 1;
    }
    stop.abort();
    const report = await load;
    print(`floor       ${ran} cycles of ${floorProject} (${o.cycles.map((c) => c.label.replace(/:.*/, '')).join(', ')}; not routed: no proxy change) under the same load: ${summarizeHey(report)}`);
    return { cycles: ran, report };
  } finally {
    stop.abort();
    const cleanup = AbortSignal.timeout(120_000);
    await side.removeContainers(cleanup);
    await side.removeNetworks(cleanup);
    await side.removeDir();
  }
}

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
