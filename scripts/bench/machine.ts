import { cpus, loadavg } from 'node:os';

/** One line saying where figures were measured; timings only compare within one run. */
export function describeMachine(): string {
  const [one = 0, five = 0] = loadavg();
  return `machine     node ${process.version}, ${cpus().length} cores, load average ${one.toFixed(2)} (1 min) ${five.toFixed(2)} (5 min)`;
}

/** A signal aborted by the first Ctrl-C / SIGTERM, so a benchmark can clean up before it exits. */
export function interruptSignal(): AbortSignal {
  const controller = new AbortController();
  const stop = (name: string): void => {
    if (controller.signal.aborted) process.exit(130);
    process.stderr.write(`\n${name}: stopping the benchmark and cleaning up (again to exit at once)\n`);
    controller.abort(new Error(name));
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
  return controller.signal;
}
