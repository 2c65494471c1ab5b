import type { CommandHandlers } from './program';
import type { FlowContext } from '../flows/flow-context';

/**
 * What each command does. Heavy modules (dockerode, winston, handlebars) load only here, when a
 * command runs, so `docker-flow --help` starts fast.
 */
export function commandHandlers(signal: AbortSignal, setExitStatus: (code: number) => void = () => undefined, setStopNote: (note: string) => void = () => undefined): CommandHandlers {
  // what Ctrl-C does, said when it is pressed: only the commands that change releases undo one
  const releasing = (): void => setStopNote('a release in progress is undone and the old one keeps serving');
  const print = (line: string): void => void process.stdout.write(`${line}\n`);

  async function context(flags: Readonly<Record<string, unknown>>): Promise<FlowContext> {
    const { loadResolvedOptions } = await import('../config/load-options.js');
    const { options, sources } = loadResolvedOptions({ flags, env: process.env, cwd: process.cwd() });
    const { createLogger, asLogger, timelineSink } = await import('./create-logger.js');
    const winston = createLogger(options.logFormat, options.logLevel);
    const { buildContext } = await import('./build-context.js');
    const tokenSource = sources.consulToken;
    return buildContext({ options, logger: asLogger(winston), progress: timelineSink(winston), signal, print, sources, ...(tokenSource === undefined ? {} : { tokenSource }) });
  }

  return {
    async flows(flags) {
      releasing();
      const ctx = await context(flags);
      const { runFlows } = await import('../flows/run-flows.js');
      await runFlows(ctx);
    },
    async status(flags, json) {
      const ctx = await context(flags);
      const { readStatus, formatStatus } = await import('../flows/status.js');
      const status = await readStatus(ctx);
      if (json) print(JSON.stringify(status, null, 2));
      else for (const line of formatStatus(status)) print(line);
    },
    async releases(flags, json) {
      const ctx = await context(flags);
      const { listReleases, formatReleases } = await import('../flows/releases.js');
      const releases = await listReleases(ctx);
      if (json) print(JSON.stringify(releases, null, 2));
      else for (const line of formatReleases(releases)) print(line);
    },
    async rollback(flags, to) {
      releasing();
      const ctx = await context(flags);
      const { rollbackFlow } = await import('../flows/rollback.js');
      await rollbackFlow(ctx, to);
    },
    async proxy(flags, action, node) {
      const ctx = await context(flags);
      const { proxyCommand } = await import('./proxy-command.js');
      await proxyCommand(ctx, action, node);
    },
    async registrator(flags, watchFlags) {
      const ctx = await context(flags);
      const { registratorCommand } = await import('./watch-commands.js');
      await registratorCommand(ctx, watchFlags);
    },
    async proxyWatch(flags, watchFlags) {
      const ctx = await context(flags);
      const { proxyWatchCommand } = await import('./watch-commands.js');
      await proxyWatchCommand(ctx, watchFlags);
    },
    async agent(flags, agentFlags) {
      const ctx = await context(flags);
      const { agentCommand } = await import('./agent-command.js');
      await agentCommand(ctx, agentFlags);
    },
    async logs(flags, logsFlags) {
      const ctx = await context(flags);
      const { logsCommand } = await import('./logs-command.js');
      await logsCommand(ctx, logsFlags);
    },
    async remove(flags, removeFlags) {
      releasing();
      const ctx = await context(flags);
      const { removeFlow } = await import('../flows/remove.js');
      await removeFlow(ctx, removeFlags);
    },
    async exec(flags, attachFlags, command) {
      const ctx = await context(flags);
      const { execCommand } = await import('./attach-commands.js');
      setExitStatus(await execCommand(ctx, attachFlags, command));
    },
    async run(flags, attachFlags, command) {
      const ctx = await context(flags);
      const { runCommand } = await import('./attach-commands.js');
      setExitStatus(await runCommand(ctx, attachFlags, command));
    },
    async init(flags, force) {
      // not the context: an existing docker-flow.yml (perhaps broken) is what init replaces
      const { initCommand } = await import('./init-command.js');
      await initCommand(flags, force, signal, print);
    },
    async lock(flags, action, service) {
      const ctx = await context(flags);
      const { lockCommand } = await import('./lock-command.js');
      await lockCommand(ctx, action, service);
    },
  };
}
