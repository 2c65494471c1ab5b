import { FlowFailedError } from '../../src/errors';
import { envCount } from './bench-env';
import { cliPath } from './bench-paths';
import { describeMachine } from './machine';
import { print, runBench } from './run-bench';
import { runProcess } from './run-process';
import { formatRunTimes, summarizeRuns } from './time-runs';

/**
 * npm run bench:cli-start — how long `docker-flow --help` takes to start and exit, against a bare
 * `node -e 0`. Runs alternate so both see the same machine load; the ratio is the figure to watch.
 */
runBench('bench:cli-start', async (signal) => {
  const runs = envCount('BENCH_RUNS', 15);
  print('bench:cli-start: node build/src/cli/main.js --help vs node -e 0', describeMachine());
  const cli: number[] = [];
  const bare: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const help = await runProcess(process.execPath, [cliPath, '--help'], { signal, keepOutput: false });
    if (help.exitCode !== 0) {
      throw new FlowFailedError(`node ${cliPath} --help exited with ${help.exitCode}`, { hint: 'build first: npx tsc -p tsconfig.json' });
    }
    cli.push(help.durationMs);
    bare.push((await runProcess(process.execPath, ['-e', '0'], { signal, keepOutput: false })).durationMs);
  }
  const cliTimes = summarizeRuns(cli);
  const bareTimes = summarizeRuns(bare);
  print(
    `cli --help  ${formatRunTimes(cliTimes)}`,
    `node -e 0   ${formatRunTimes(bareTimes)}`,
    `ratio       ${(cliTimes.median / bareTimes.median).toFixed(2)}× (medians); docker-flow's own start-up ${(cliTimes.median - bareTimes.median).toFixed(1)} ms`,
  );
  return 0;
});
