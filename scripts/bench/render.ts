import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { renderProxyConfig } from '../../src/adapters/haproxy/render-proxy-config';
import type { RenderedProxyConfig } from '../../src/adapters/haproxy/render-proxy-config';
import { validateConfig } from '../../src/adapters/haproxy/validate-config';
import { envCount } from './bench-env';
import { templatesDir } from './bench-paths';
import { describeMachine } from './machine';
import { proxyModelOfSize } from './proxy-model-of-size';
import { print, runBench } from './run-bench';
import { formatRunTimes, timeRuns } from './time-runs';

const haproxyPath = process.env['BENCH_HAPROXY'] ?? '/usr/sbin/haproxy';
const renderOptions = { templatesDir, socketPath: '/run/haproxy/admin.sock', versionMap: '/run/haproxy/version.map', drainMs: 10_000 } as const;

/** npm run bench:render — renderProxyConfig and `haproxy -c` on a 500 × 10 proxy model. */
runBench('bench:render', async (signal) => {
  const services = envCount('BENCH_SERVICES', 500);
  const instances = envCount('BENCH_INSTANCES', 10);
  const renderRuns = envCount('BENCH_RUNS', 9);
  const validateRuns = envCount('BENCH_VALIDATE_RUNS', 3);
  print('bench:render: whole haproxy.cfg for a large cluster', describeMachine());
  const model = proxyModelOfSize(services, instances);
  print(`model       ${services} services × ${instances} instances = ${services * instances} servers`);

  let rendered: RenderedProxyConfig | undefined;
  const render = (): void => {
    rendered = renderProxyConfig(model, renderOptions);
  };
  const cold = await timeRuns(1, render, signal);
  const cpuBefore = process.cpuUsage();
  const warm = await timeRuns(renderRuns, render, signal);
  const cpu = process.cpuUsage(cpuBefore);
  const cpuPerRenderMs = (cpu.user + cpu.system) / 1000 / renderRuns;
  if (rendered === undefined) throw new RangeError('no render ran');
  const { text, version } = rendered;
  const again = renderProxyConfig(model, renderOptions);
  print(
    `render      first (templates compiled) ${cold.median.toFixed(1)} ms; then ${formatRunTimes(warm)}`,
    `render cpu  ${cpuPerRenderMs.toFixed(1)} ms of CPU per render (mean over all threads, GC included; less sensitive to a busy machine than wall time)`,
    `config      ${Buffer.byteLength(text)} bytes, ${text.split('\n').length} lines, version ${version}; same model → same bytes: ${again.text === text ? 'yes' : 'NO'}`,
  );

  const dir = await mkdtemp(join(tmpdir(), 'df-bench-render-'));
  try {
    const file = join(dir, 'haproxy.cfg');
    // `haproxy -c` loads the version map the status endpoint reads: give it one in the temp folder
    const checked = text.replaceAll(renderOptions.versionMap, join(dir, 'version.map'));
    await writeFile(join(dir, 'version.map'), `version ${version}\n`);
    await writeFile(file, checked);
    let warnings: readonly string[] = [];
    const validate = async (): Promise<void> => {
      ({ warnings } = await validateConfig(file, checked, { haproxyPath, timeoutMs: 120_000 }, signal));
    };
    const times = await timeRuns(validateRuns, validate, signal);
    print(`haproxy -c  ${formatRunTimes(times)} via validateConfig (${haproxyPath}); ${warnings.length} warnings${warnings[0] === undefined ? '' : `, first: ${warnings[0]}`}`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  return 0;
});
