import { Command, InvalidArgumentError, Option } from 'commander';
import { flowNames } from '../config/flow-options';
import { registerOptions } from '../config/register-options';
import { suggestClosest } from '../config/suggest-closest';
import { ConfigError } from '../errors';
import type { ProxyWatchFlags, RegistratorFlags } from './watch-commands';
import type { AgentFlags } from './agent-command';
import { registerHelpCommand } from './help-command';
import { dayTwoRules, flagKindOf, registerDayTwoCommands, type DayTwoHandlers } from './day-two-commands';
import { splitCommandLine } from './command-line';

export interface CommandHandlers extends DayTwoHandlers {
  flows(opts: Readonly<Record<string, unknown>>): Promise<void>;
  status(opts: Readonly<Record<string, unknown>>, json: boolean): Promise<void>;
  releases(opts: Readonly<Record<string, unknown>>, json: boolean): Promise<void>;
  proxy(opts: Readonly<Record<string, unknown>>, action: 'status' | 'stop', node?: string): Promise<void>;
  rollback(opts: Readonly<Record<string, unknown>>, to: number | undefined): Promise<void>;
  lock(opts: Readonly<Record<string, unknown>>, action: 'status' | 'release', service: string): Promise<void>;
  registrator(opts: Readonly<Record<string, unknown>>, flags: RegistratorFlags): Promise<void>;
  proxyWatch(opts: Readonly<Record<string, unknown>>, flags: ProxyWatchFlags): Promise<void>;
  agent(opts: Readonly<Record<string, unknown>>, flags: AgentFlags): Promise<void>;
  init(opts: Readonly<Record<string, unknown>>, force: boolean): Promise<void>;
}

const exitCodes = `
Exit status:
  0    success
  1    a flow failed; the old release still serves (new instances removed, state unchanged)
  2    bad input (options, docker-flow.yml, compose file, templates); nothing was touched
  3    conflict: another deploy holds the lock, or a check-and-set write lost a race
  4    unreachable: a Docker engine, Consul or a registry did not answer, or refused access
  5    the proxy refused the configuration or failed to reload (it keeps its last good one), or a proxy of the tier
       did not answer (more than --proxy-tolerate-down) or refused: the others were switched back
  130  interrupted (Ctrl-C); the old release still serves
  exec and run exit with their command's own status once it ran

Examples:
  docker-flow --blue-green --target=app --side-target=db --service-path=/demo --flow=deploy --flow=proxy --flow=stop-old
  docker-flow --scale="+2" --flow=scale --flow=proxy
  docker-flow status`;

/**
 * commander's usage errors in docker-flow's format: `error: <key>: <problem>` and a `next:` line.
 * Subcommands inherit this (and exitOverride), so every usage error exits 2 through main.ts.
 */
export function formatUsageError(text: string): string {
  const lines = text.trim().split('\n');
  const first = (lines[0] ?? '').replace(/^error: /, '');
  const suggestion = lines.slice(1).join(' ').replace(/^\((.*)\)$/, '$1');
  const unknown = /^unknown (option|command) '([^'=]+)(=([^']*))?'/.exec(first);
  const missing = /^option '(?:-\w, )?(--[\w-]+)[^']*' argument missing/.exec(first);
  const invalid = /^option '(?:-\w, )?(--[\w-]+)[^']*' argument '([^']*)' is invalid\.?\s*(.*)$/.exec(first);
  let message: string;
  if (unknown?.[3] !== undefined) message = `${unknown[2] ?? ''}: does not take a value ("${unknown[4] ?? ''}" given); it is a switch: ${unknown[2] ?? ''} or --no-${(unknown[2] ?? '').replace(/^--/, '')}`;
  else if (unknown !== null) message = `${unknown[2] ?? ''}: unknown ${unknown[1] ?? 'option'}${suggestion === '' ? '' : ` (${suggestion.replace(/^Did you mean/, 'did you mean')})`}`;
  else if (missing !== null) message = `${missing[1] ?? ''}: argument missing: give it a value, e.g. ${missing[1] ?? ''}=<value>`;
  else if (invalid !== null) message = `${invalid[1] ?? ''}: "${invalid[2] ?? ''}" is invalid: ${invalid[3] ?? ''}`;
  else message = first;
  return `error: ${message}\n  next: run docker-flow --help for the options\n`;
}

function parseRelease(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError(`"${value}" is not a release number; use a number that docker-flow releases lists, e.g. --to 3`);
  return n;
}

/** commander wiring: every option of the option table, the flows as the default action, and subcommands. */
export function buildProgram(handlers: CommandHandlers, version: string, commandWords: () => readonly string[] = () => []): Command {
  const program = new Command('docker-flow')
    .description('Blue-green deployment, relative scaling and an HAProxy proxy for Docker Compose targets across Docker hosts.\nOptions come from docker-flow.yml < environment < flags.')
    .version(version, '-V, --version')
    .exitOverride()
    .configureOutput({ outputError: (text, write) => write(formatUsageError(text)) })
    .addHelpText('after', exitCodes);
  registerOptions(program);
  program.action(async () => {
    refuseStrayWord(program);
    return handlers.flows(program.opts());
  });

  const globals = (cmd: Command): Readonly<Record<string, unknown>> => cmd.optsWithGlobals();
  program
    .command('status')
    .description('every service of the project: live colour, proxy route, each instance by host with state, health, image and ports')
    .addOption(new Option('--json', 'machine-readable output'))
    .action(async (_o: unknown, cmd: Command) => handlers.status(globals(cmd), cmd.opts()['json'] === true));
  program
    .command('releases')
    .description('release history of the target, newest first')
    .addOption(new Option('--json', 'machine-readable output'))
    .action(async (_o: unknown, cmd: Command) => handlers.releases(globals(cmd), cmd.opts()['json'] === true));
  program
    .command('rollback')
    .description('back to the previous release (or release N): restarts the kept colour in seconds when it holds it, else deploys its image again')
    .addOption(new Option('--to <n>', 'the release number to go back to (see docker-flow releases)').argParser(parseRelease))
    .action(async (_o: unknown, cmd: Command) => {
      const to: unknown = cmd.opts()['to'];
      await handlers.rollback(globals(cmd), typeof to === 'number' ? to : undefined);
    });
  const proxy = program.command('proxy').description('the proxies docker-flow runs (the local HAProxy, or a container on each --proxy-docker-host / "proxies:" entry)');
  proxy.command('status').description('every proxy of the tier: host, address, ports, runtime, configuration version served against the stored routes (up, behind, stopped, unreachable), and the routes').action(async (_o: unknown, cmd: Command) => handlers.proxy(globals(cmd), 'status'));
  proxy
    .command('stop')
    .description('stop every proxy of the tier, or the one of --node, gracefully (in-flight requests finish)')
    .addOption(new Option('--node <name>', 'stop only the proxy on this host of the tier (its name; -H keeps meaning Docker endpoints)'))
    .action(async (_o: unknown, cmd: Command) => handlers.proxy(globals(cmd), 'stop', optionalText(cmd, 'node')));
  proxy
    .command('watch')
    .description('keep the proxy in step with the instances (with Consul: the catalog, by blocking queries; without: the Docker events of every host); runs until SIGTERM')
    .addOption(new Option('--debounce <duration>', 'refresh once changes were quiet this long').default('50ms'))
    .addOption(new Option('--max-delay <duration>', 'refresh at the latest this long after the first change of a burst').default('2s'))
    .addOption(new Option('--refresh-cron <cron>', 'full refresh on this schedule, whatever was seen (node-cron)').default('* * * * *'))
    .action(async (_o: unknown, cmd: Command) => handlers.proxyWatch(globals(cmd), watchFlags(cmd)));
  program
    .command('registrator')
    .description('keep the Consul catalog equal to the healthy target containers of every host (Docker events, and a full resync at start and on a schedule); runs until SIGTERM')
    .addOption(new Option('--resync-cron <cron>', 'full resync on this schedule (node-cron)').default('* * * * *'))
    .action(async (_o: unknown, cmd: Command) => handlers.registrator(globals(cmd), { resyncCron: text(cmd, 'resyncCron') }));
  program
    .command('agent')
    .description('run the "schedules:" of docker-flow.yml (node-cron, each in its time zone) and deploy new semver tags of --watch-image (deploy + proxy + stop-old); runs until SIGTERM')
    .addOption(new Option('--once', 'run what is due now (schedules that fired within the last watch interval or since the last --once, one registry poll) and exit with their status'))
    .addOption(new Option('--retry <tag>', 'forget that <tag> of --watch-image failed, so the agent deploys it again if it is the newest tag'))
    .addOption(new Option('--stop-grace <duration>', 'after SIGTERM: how long running flows get to finish before they are aborted (and roll back)').default('30s'))
    .action(async (_o: unknown, cmd: Command) => handlers.agent(globals(cmd), agentFlags(cmd)));
  const lock = program.command('lock').description('the deploy lock of a service');
  lock.command('status <service>').description('who holds the lock of <service> (<project>-<target>) since when').action(async (service: string, _o: unknown, cmd: Command) => handlers.lock(globals(cmd), 'status', service));
  lock
    .command('release <service>')
    .description('remove the lock of <service> whoever holds it (only when its holder is dead)')
    .action(async (service: string, _o: unknown, cmd: Command) => handlers.lock(globals(cmd), 'release', service));
  registerDayTwoCommands(program, handlers, commandWords);
  program
    .command('init')
    .description('write docker-flow.yml next to the compose file: every key with its default and a comment; target, side targets and a service path guessed from the compose file (--target to choose)')
    .addOption(new Option('--force', 'replace an existing docker-flow.yml'))
    .action(async (_o: unknown, cmd: Command) => handlers.init(globals(cmd), cmd.opts()['force'] === true));
  registerHelpCommand(program);
  // after the subcommands, which copy the setting when created: only the root lets a stray word
  // through, so refuseStrayWord can name it instead of commander's "too many arguments"
  program.allowExcessArguments(true);
  return program;
}

/**
 * Parses a command line (process.argv): the words of `exec` / `run` after `--` reach their handler
 * untouched, and their -i / -t (and logs' -f) are theirs (see splitCommandLine).
 */
export async function parseCommandLine(handlers: CommandHandlers, version: string, argv: readonly string[]): Promise<void> {
  let words: readonly string[] = [];
  const program = buildProgram(handlers, version, () => words);
  const split = splitCommandLine(argv.slice(2), flagKindOf(program), dayTwoRules);
  words = split.command;
  await program.parseAsync([...argv.slice(0, 2), ...split.args]);
}

/** `docker-flow deploy` or `docker-flow stauts`: a word that is neither a command nor an option. */
function refuseStrayWord(program: Command): void {
  const [word] = program.args;
  if (word === undefined) return;
  const commands = program.commands.map((command) => command.name());
  const flow = flowNames.find((name) => name === word);
  const close = suggestClosest(word, commands);
  const hint =
    flow !== undefined ? `flows are options: docker-flow --flow=${flow} (repeat --flow for several, in order)`
    : close !== undefined ? `did you mean docker-flow ${close}?`
    : 'run docker-flow --help for the commands, and the options that run flows (--flow=...)';
  throw new ConfigError('command', `"${word}" is not a docker-flow command; commands: ${commands.join(', ')}`, { hint });
}

function optionalText(cmd: Command, name: string): string | undefined {
  const value: unknown = cmd.opts()[name];
  return typeof value === 'string' ? value : undefined;
}

function text(cmd: Command, name: string): string {
  return String(cmd.opts()[name]);
}

function watchFlags(cmd: Command): ProxyWatchFlags {
  return { debounce: text(cmd, 'debounce'), maxDelay: text(cmd, 'maxDelay'), refreshCron: text(cmd, 'refreshCron') };
}

function agentFlags(cmd: Command): AgentFlags {
  const retry: unknown = cmd.opts()['retry'];
  return { once: cmd.opts()['once'] === true, stopGrace: text(cmd, 'stopGrace'), ...(typeof retry === 'string' ? { retry } : {}) };
}
