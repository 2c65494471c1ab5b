import { connectRegistry } from '../adapters/registry/connect-registry';
import { parseOptionDurationMs, durationAccepts } from '../config/parse-option-duration';
import { serviceName } from '../domain/names';
import { ConfigError } from '../errors';
import type { FlowContext } from '../flows/flow-context';
import { runFlows } from '../flows/run-flows';
import { AgentStore } from '../store/agent-store';
import { runAgent, runAgentOnce, type AgentDeps } from '../watch/agent';
import { checkAgentOptions } from '../watch/check-agent-options';
import { nodeCronCalendar, nodeCronDriver } from '../watch/cron-calendar';
import type { FlowRunner } from '../watch/schedule-runner';
import { systemTimers } from '../watch/watch-timers';
import { buildContext, whoAmI } from './build-context';

/** Options of `docker-flow agent`, as commander parsed them. */
export interface AgentFlags {
  readonly once: boolean;
  readonly retry?: string;
  readonly stopGrace: string;
}

/**
 * `docker-flow agent`: the schedules of docker-flow.yml and the watched image, until SIGTERM; with
 * `--once`, what is due now, exiting with the status of the first run that failed.
 */
export async function agentCommand(ctx: FlowContext, flags: AgentFlags): Promise<void> {
  checkAgentOptions(ctx.options);
  const stopGraceMs = parseOptionDurationMs(flags.stopGrace);
  if (stopGraceMs === undefined) throw new ConfigError('--stop-grace', `"${flags.stopGrace}" is not a duration`, { hint: `give ${durationAccepts}` });
  const agentStore = new AgentStore(ctx.store.kv);
  const watchImage = ctx.options.watchImage;
  const source = watchImage === undefined ? undefined : await connectRegistry(watchImage, { key: '--watch-image', env: process.env, logger: ctx.logger, signal: ctx.signal });
  if (flags.retry !== undefined) await forgetFailedTag(ctx, agentStore, flags.retry);
  const runFlowsWith: FlowRunner = async ({ options, imageOverride, logger, signal }) => {
    const runCtx = await buildContext({ options, logger, progress: ctx.progress, signal, print: ctx.print });
    await runFlows(runCtx, imageOverride === undefined ? {} : { imageOverride });
  };
  const deps: AgentDeps = {
    options: ctx.options,
    runFlows: runFlowsWith,
    services: ctx.store,
    agentStore,
    ...(source === undefined ? {} : { source }),
    cron: nodeCronDriver(ctx.logger),
    calendar: nodeCronCalendar,
    timers: systemTimers,
    logger: ctx.logger,
    by: `${whoAmI()} pid ${process.pid}`,
    stopGraceMs,
    signal: ctx.signal,
  };
  if (!flags.once) {
    await runAgent(deps);
    return;
  }
  const results = await runAgentOnce(deps);
  for (const { what, outcome } of results) ctx.print(`${what}: ${outcome.result}: ${outcome.message}`);
  const failed = results.find((r) => r.outcome.error !== undefined);
  if (failed?.outcome.error !== undefined) throw failed.outcome.error;
}

async function forgetFailedTag(ctx: FlowContext, store: AgentStore, tag: string): Promise<void> {
  const target = ctx.options.target;
  if (ctx.options.watchImage === undefined || target === undefined) {
    throw new ConfigError('--retry', `retrying tag ${tag} needs the watched image (--watch-image) and its --target`, { hint: 'give --watch-image and --target as the agent runs with' });
  }
  const service = serviceName(ctx.options.project, target);
  const found = await store.forgetFailedTag(service, tag, ctx.signal);
  if (found) ctx.logger.info(`agent: forgot that ${tag} failed; it is deployed again if it is the newest tag newer than the live release`);
  else ctx.logger.warn(`agent --retry ${tag}: ${tag} is not among the failed tags of ${service}; nothing to forget`);
}
