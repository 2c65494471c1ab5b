import { mkdtemp, rm } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { envCount } from './bench-env';
import { ensureDockerCompose, pullEverywhere, pushImage, removeImage, removeProject, startServices, stopServices } from './deploy-cluster';
import { composeScenario, dockerFlowScenario, type Scenario } from './deploy-scenarios';
import { describeMachine } from './machine';
import { print, runBench } from './run-bench';
import { formatRunTimes, summarizeRuns, type RunTimes } from './time-runs';

/**
 * npm run bench:deploy — deploy wall time, from spawn to exit, of
 *   1 instance on 1 host and 30 instances on 3 hosts (docker-flow, blue-green, health-gated), and
 *   docker-compose up -d --scale app=30 on one host (Debian's docker-compose; no health wait),
 * measured in one run on the simulated hosts of scripts/hosts.sh with docker-flow-fastapp:v1 from
 * the registry (pulled on every host first). Rounds alternate the scenarios so they share the
 * machine's load; the figures to watch are the ratios of the medians (target: 30 on 3 ≤ 2× 1 on 1).
 */
runBench('bench:deploy', async (signal) => {
  const rounds = envCount('BENCH_RUNS', 3);
  const instances = envCount('BENCH_INSTANCES', 30);
  const started = await startServices(signal);
  const base = await mkdtemp(join(tmpdir(), 'bench-deploy-'));
  const repository = `bench-deploy-${process.pid}`;
  const scenarios: Scenario[] = [];
  let image: string | undefined;
  try {
    const compose = await ensureDockerCompose(signal);
    image = await pushImage('docker-flow-fastapp:v1', repository, 'v1', signal);
    await pullEverywhere(image, signal);
    scenarios.push(
      await dockerFlowScenario(base, `bd1-${process.pid}`, image, 1, 1),
      await dockerFlowScenario(base, `bd30-${process.pid}`, image, 3, instances),
      await composeScenario(base, `bdc-${process.pid}`, image, instances),
    );
    print(`bench:deploy: deploy wall time (spawn to exit), ${rounds} rounds, image ${image} present on every host`, describeMachine(), `compose     docker-compose ${compose}`);
    const times = new Map<Scenario, number[]>(scenarios.map((s) => [s, []]));
    for (let round = 0; round < rounds; round += 1) {
      for (const scenario of scenarios) times.get(scenario)?.push(await scenario.run(signal));
    }
    const summary = scenarios.map((s) => ({ scenario: s, times: summarizeRuns(times.get(s) ?? []) }));
    const width = Math.max(...scenarios.map((s) => s.label.length));
    for (const { scenario, times: t } of summary) print(`${scenario.label.padEnd(width)}  ${formatRunTimes(t)}`);
    const [one, many, compose30] = summary.map((s) => s.times);
    if (one !== undefined && many !== undefined && compose30 !== undefined) printRatios(one, many, compose30, instances);
    return 0;
  } finally {
    await Promise.allSettled(scenarios.map((s) => removeProject(s.project)));
    if (image !== undefined) await removeImage(image, `127.0.0.1:5000/${repository}:v1`, AbortSignal.timeout(60_000));
    await rm(base, { recursive: true, force: true });
    await stopServices(started, AbortSignal.timeout(120_000));
  }
});

function printRatios(one: RunTimes, many: RunTimes, compose: RunTimes, instances: number): void {
  const ratio = many.median / one.median;
  print(
    `ratio       ${instances} on 3 hosts / 1 on 1 host: ${ratio.toFixed(2)}× (target ≤ 2×: ${ratio <= 2 ? 'met' : 'not met'})`,
    `ratio       docker-flow ${instances} on 3 hosts (health-gated) / docker-compose ${instances} on 1 host (no health wait): ${(many.median / compose.median).toFixed(2)}×`,
    `per instance docker-flow ${(many.median / instances).toFixed(0)} ms, docker-compose ${(compose.median / instances).toFixed(0)} ms`,
    `note        the 3 hosts are network namespaces sharing this machine's ${cpus().length} cores: starting a container costs CPU wherever it goes, so here ${instances} instances cost about what they cost on one engine; on 3 machines each host starts a third of them`,
  );
}
