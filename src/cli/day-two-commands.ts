import { Option } from 'commander';
import type { Command } from 'commander';
import { ConfigError } from '../errors';
import type { CommandLineRules, FlagKind } from './command-line';

/** The flags of `docker-flow logs`, as typed (checked by the handler). */
export interface LogsFlags {
  readonly follow: boolean;
  readonly since?: string;
  readonly tail?: string;
  readonly colour?: string;
  readonly node?: string;
  readonly instance?: string;
  readonly sideTarget?: string;
}

/** The flags of `docker-flow exec` and `docker-flow run`. */
export interface AttachFlags {
  readonly interactive: boolean;
  readonly tty: boolean;
  readonly node?: string;
  readonly instance?: string;
}

/** The flags of `docker-flow remove`. */
export interface RemoveFlags {
  readonly yes: boolean;
  readonly sideTargets: boolean;
  readonly purge: boolean;
}

export interface DayTwoHandlers {
  remove(opts: Readonly<Record<string, unknown>>, flags: RemoveFlags): Promise<void>;
  logs(opts: Readonly<Record<string, unknown>>, flags: LogsFlags): Promise<void>;
  exec(opts: Readonly<Record<string, unknown>>, flags: AttachFlags, command: readonly string[]): Promise<void>;
  run(opts: Readonly<Record<string, unknown>>, flags: AttachFlags, command: readonly string[]): Promise<void>;
}

/** After these commands their own short flags win over the program's (-t is not --target there, -f not --compose-path). */
export const dayTwoRules: CommandLineRules = {
  shorts: { exec: { i: 'interactive', t: 'tty' }, run: { i: 'interactive', t: 'tty' }, logs: { f: 'follow' } },
  trailing: ['exec', 'run'],
};

const nodeOption = (): Option => new Option('--node <name>', 'a host of the cluster, by name (as docker-flow status shows it; -H names Docker endpoints)');
const instanceOption = (): Option => new Option('--instance <n>', 'the instance with this number (app-blue_3 is 3)');

/** `logs`, `remove`, `exec`, `run`: registered on the program; `command()` gives the words after `--`. */
export function registerDayTwoCommands(program: Command, handlers: DayTwoHandlers, command: () => readonly string[]): void {
  const globals = (cmd: Command): Readonly<Record<string, unknown>> => cmd.optsWithGlobals();
  program
    .command('logs')
    .description('the output of the target\'s instances on every host through the Engine API, in time order, each line prefixed "host instance |"')
    .addOption(new Option('-f, --follow', 'keep following, across releases: new instances join, stopped ones leave (Ctrl-C ends it)'))
    .addOption(new Option('--since <when>', 'only lines after this: a duration back from now (10m, 1h) or a time (2024-05-01T10:00:00Z)'))
    .addOption(new Option('--tail <n>', 'only the last n lines of each instance (all: every line)'))
    .addOption(new Option('--colour <colour>', 'live (the live colour; when following, new instances too), blue, green or all').default('live'))
    .addOption(new Option('--color <colour>').hideHelp())
    .addOption(nodeOption())
    .addOption(instanceOption())
    .addHelpText('after', '\nThe global --side-target NAME shows that side target instead of the target.\nPrefixes are coloured on a terminal and plain when the output is piped (or NO_COLOR is set).')
    .action(async (_o: unknown, cmd: Command) => handlers.logs(globals(cmd), logsFlags(cmd)));
  program
    .command('remove')
    .description('take the target down everywhere: its route leaves the proxy (drained first), its instances of both colours are stopped and removed on every host, its catalog entries deregistered, its colour, scale and route keys deleted; without --yes it only prints the plan')
    .addOption(new Option('--yes', 'do it (without --yes: print what would be removed and change nothing)'))
    .addOption(new Option('--side-targets', 'remove the side targets (side_targets / --side-target) too'))
    .addOption(new Option('--purge', 'delete the release history too (kept by default)'))
    .addHelpText('after', '\nIt runs under the deploy lock of the service; interrupted, the next docker-flow remove finishes it.')
    .action(async (_o: unknown, cmd: Command) => handlers.remove(globals(cmd), { yes: cmd.opts()['yes'] === true, sideTargets: cmd.opts()['sideTargets'] === true, purge: cmd.opts()['purge'] === true }));
  for (const name of ['exec', 'run'] as const) {
    const described = name === 'exec'
      ? 'run a command in a running instance of the live colour (the first healthy one, or --node / --instance); the exit status is the command\'s'
      : 'run a command in a one-off container from the live release\'s image, with the service\'s environment, networks and volumes; removed afterwards; the exit status is the command\'s';
    const cmd = program
      .command(name)
      .usage('[options] -- <command...>')
      .description(described)
      .addOption(new Option('-i, --interactive', 'give the command this terminal\'s input (stdin)'))
      .addOption(new Option('-t, --tty', 'give the command a terminal (after exec/run, -t is not --target)'))
      .addOption(nodeOption());
    if (name === 'exec') cmd.addOption(instanceOption());
    cmd.action(async (_o: unknown, c: Command) => handlers[name](globals(c), attachFlags(c), command()));
  }
}

/** How a flag is used by the program (`command` undefined) or after one of its commands. */
export function flagKindOf(program: Command): (command: string | undefined, flag: string) => FlagKind {
  return (commandName, flag) => {
    const sub = commandName === undefined ? undefined : program.commands.find((c) => c.name() === commandName);
    const option = [...(sub?.options ?? []), ...program.options].find((o) => o.short === flag || o.long === flag);
    if (option === undefined) return undefined;
    return option.required || option.optional ? 'value' : 'switch';
  };
}

function text(cmd: Command, name: string): string | undefined {
  const value: unknown = cmd.opts()[name];
  return typeof value === 'string' ? value : undefined;
}

function logsFlags(cmd: Command): LogsFlags {
  const colour = text(cmd, 'color') ?? text(cmd, 'colour');
  const since = text(cmd, 'since');
  const tail = text(cmd, 'tail');
  const node = text(cmd, 'node');
  const instance = text(cmd, 'instance');
  const side: unknown = cmd.optsWithGlobals()['sideTarget'];
  const sides = Array.isArray(side) ? side.filter((s): s is string => typeof s === 'string') : [];
  if (sides.length > 1) throw new ConfigError('--side-target', `logs shows one side target at a time; ${sides.length} were given (${sides.join(', ')})`, { hint: 'run docker-flow logs --side-target NAME once for each' });
  const [sideTarget] = sides;
  return {
    follow: cmd.opts()['follow'] === true,
    ...(since === undefined ? {} : { since }), ...(tail === undefined ? {} : { tail }), ...(colour === undefined ? {} : { colour }),
    ...(node === undefined ? {} : { node }), ...(instance === undefined ? {} : { instance }), ...(sideTarget === undefined ? {} : { sideTarget }),
  };
}

function attachFlags(cmd: Command): AttachFlags {
  const node = text(cmd, 'node');
  const instance = text(cmd, 'instance');
  return { interactive: cmd.opts()['interactive'] === true, tty: cmd.opts()['tty'] === true, ...(node === undefined ? {} : { node }), ...(instance === undefined ? {} : { instance }) };
}
