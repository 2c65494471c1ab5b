import type { AttachedIo } from '../ports/docker-engine';
import { parseInstanceNumber } from '../config/parse-day-two-flags';
import { ConfigError } from '../errors';
import { execFlow } from '../flows/exec';
import type { FlowContext } from '../flows/flow-context';
import { runOneOffFlow } from '../flows/run-one-off';
import type { AttachFlags } from './day-two-commands';

/** `docker-flow exec`: the command's exit status. */
export async function execCommand(ctx: FlowContext, flags: AttachFlags, command: readonly string[]): Promise<number> {
  const instance = parseInstanceNumber(flags.instance);
  return withTerminal(flags, (io) => execFlow(ctx, { command, ...(flags.node === undefined ? {} : { node: flags.node }), ...(instance === undefined ? {} : { instance }) }, io));
}

/** `docker-flow run`: the command's exit status. */
export async function runCommand(ctx: FlowContext, flags: AttachFlags, command: readonly string[]): Promise<number> {
  return withTerminal(flags, (io) => runOneOffFlow(ctx, { command, ...(flags.node === undefined ? {} : { node: flags.node }) }, io));
}

/**
 * This process's streams for an attached command: stdin with -i; with -t the command gets a
 * terminal of this one's size and, when stdin is a terminal too, it is put in raw mode (keys such
 * as Ctrl-C go to the command) until the command ends. `-i -t` needs stdin to be a terminal.
 */
async function withTerminal(flags: AttachFlags, run: (io: AttachedIo) => Promise<number>): Promise<number> {
  const stdin = process.stdin;
  if (flags.interactive && flags.tty && !stdin.isTTY) {
    throw new ConfigError('-t', 'the input is not a terminal, so -i -t cannot give the command one', { hint: 'drop -t when piping input: docker-flow exec -i -- CMD < file' });
  }
  const raw = flags.interactive && flags.tty && stdin.isTTY;
  const io: AttachedIo = {
    stdout: process.stdout,
    stderr: process.stderr,
    tty: flags.tty,
    ...(flags.interactive ? { stdin } : {}),
    ...(flags.tty && process.stdout.isTTY ? { size: { rows: process.stdout.rows, columns: process.stdout.columns } } : {}),
  };
  if (raw) stdin.setRawMode(true);
  try {
    return await run(io);
  } finally {
    if (raw) stdin.setRawMode(false);
  }
}
