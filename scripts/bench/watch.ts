import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { setTimeout as delay } from 'node:timers/promises';
import { FlowFailedError } from '../../src/errors';
import { startConsulDouble } from '../../test/support/consul-double/start-consul-double';
import { envCount, envPort } from './bench-env';
import { describeMachine } from './machine';
import { median } from './percentiles';
import { print, runBench } from './run-bench';
import { sendRequest } from './send-request';
import { WatchBenchProject } from './watch-project';

/**
 * npm run bench:watch — how fast a running `docker-flow proxy watch` follows instances that come
 * and go outside a deploy: from `docker rm -f` of an instance to the proxy no longer routing to
 * it (read on HAProxy's stats socket: no slot of the backend that is not in maintenance holds its
 * address; and, after that, to the stored route no longer listing it), and from
 * `--scale=+1 --flow=scale` (no proxy flow) to the new instance answering through the proxy. With Consul (the agent at CONSUL_HTTP_ADDR, else an API double) a registrator runs
 * too; BENCH_WATCH_MODE=events measures the embedded mode (Docker events, no Consul).
 */
runBench('bench:watch', async (signal) => {
  const tries = envCount('BENCH_TRIES', 20);
  const proxyPort = envPort('BENCH_PROXY_PORT', 18380);
  const mode = process.env['BENCH_WATCH_MODE'] === 'events' ? 'events' : 'consul';
  const double = mode === 'consul' && process.env['CONSUL_HTTP_ADDR'] === undefined ? await startConsulDouble() : undefined;
  const consul = mode === 'consul' ? (process.env['CONSUL_HTTP_ADDR'] ?? double?.address) : undefined;
  print(`bench:watch: ${tries} tries, proxy watch following ${consul === undefined ? 'the Docker events (embedded store)' : `the catalog of ${double === undefined ? consul : 'a Consul API double'} (with a registrator)`}`, describeMachine());
  const bench = await WatchBenchProject.create(`wbench${process.pid}`, proxyPort, consul);
  const url = new URL(`http://127.0.0.1:${proxyPort}/bench/`);
  const agent = new http.Agent({ keepAlive: false });
  try {
    await bench.cli(['--scale=3', '--flow=deploy', '--flow=proxy'], signal);
    if (consul !== undefined) await bench.spawn(['registrator'], /registrator: resync \(start\): /, signal);
    await bench.spawn(['proxy', 'watch'], /proxy watch: following/, signal);
    const deaths: number[] = [];
    const stored: number[] = [];
    const removals: number[] = [];
    const arrivals: number[] = [];
    const scaleCli: number[] = [];
    for (let i = 0; i < tries; i += 1) {
      const before = await bench.instances(signal);
      const started = performance.now();
      scaleCli.push((await bench.cli(['--scale=+1', '--flow=scale'], signal)).durationMs);
      const fresh = [...(await bench.instances(signal)).entries()].find(([name]) => !before.has(name));
      if (fresh === undefined) throw new FlowFailedError('--scale=+1 started no new instance');
      const [name, hostname] = fresh;
      await until(120_000, signal, `${name} to answer through the proxy`, async () => {
        const answer = await sendRequest(url, agent, 2000);
        return answer.kind === 'answer' && answer.body.includes(`instance: ${hostname}`);
      });
      arrivals.push(performance.now() - started);
      const address = (await bench.routed(signal)).get(name);
      if (address === undefined || !(await bench.proxyRoutesTo(address, signal))) throw new FlowFailedError(`${name} is not routed before it is killed (stored route: ${address ?? 'not in it'})`);
      const killed = performance.now();
      await bench.engine.removeContainer(name, signal);
      removals.push(performance.now() - killed);
      await until(60_000, signal, `the proxy to stop routing to ${name} (${address})`, async () => !(await bench.proxyRoutesTo(address, signal)));
      deaths.push(performance.now() - killed);
      await until(60_000, signal, `the stored route to drop ${name}`, async () => !(await bench.routed(signal)).has(name));
      stored.push(performance.now() - killed);
      await bench.cli(['--scale=-1', '--flow=scale'], signal);
      print(`try ${String(i + 1).padStart(2)}: death → not routed ${ms(deaths.at(-1))} (stored route ${ms(stored.at(-1))}); +1 → new instance answers ${ms(arrivals.at(-1))} (scale command ${ms(scaleCli.at(-1))})`);
    }
    print(
      `death → proxy no longer routes to it   median ${ms(median(deaths))}, max ${ms(Math.max(...deaths))} (read on HAProxy's stats socket)`,
      `  → the stored route no longer has it  median ${ms(median(stored))}, max ${ms(Math.max(...stored))} (written after the proxy confirmed)`,
      `  of which the engine's rm -f call     median ${ms(median(removals))}, max ${ms(Math.max(...removals))} (kill and remove; the container died during it)`,
      `+1 scale → new instance gets traffic   median ${ms(median(arrivals))}, max ${ms(Math.max(...arrivals))} (the scale command itself: median ${ms(median(scaleCli))})`,
      `  after the scale command returned     median ${ms(median(arrivals.map((a, i) => a - (scaleCli[i] ?? 0))))}, max ${ms(Math.max(...arrivals.map((a, i) => a - (scaleCli[i] ?? 0))))}`,
    );
    return 0;
  } finally {
    await bench.cleanup(AbortSignal.timeout(120_000));
    await double?.stop();
  }
});

async function until(timeoutMs: number, signal: AbortSignal, what: string, check: () => Promise<boolean>): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!(await check())) {
    if (performance.now() > deadline) throw new FlowFailedError(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await delay(5, undefined, { signal });
  }
}

const ms = (value: number | undefined): string => (value === undefined ? '-' : `${Math.round(value)} ms`);
