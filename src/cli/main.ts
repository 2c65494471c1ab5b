#!/usr/bin/env node
import { CommanderError } from 'commander';
import { setMaxListeners } from 'node:events';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ExitCode, isDockerFlowError, stackOf } from '../errors';
import { parseCommandLine } from './program';
import { commandHandlers } from './handlers';

/**
 * The error boundary: the only place that writes errors for humans and sets the exit status.
 * Ctrl-C / SIGTERM abort the running flow (its undo still runs); a second Ctrl-C exits at once.
 */
export async function main(argv: readonly string[]): Promise<number> {
  const controller = new AbortController();
  // every concurrent engine call listens on this one signal
  setMaxListeners(1000, controller.signal);
  let interrupts = 0;
  let stopNote: string | undefined;
  const onSignal = (name: string): void => {
    interrupts += 1;
    if (interrupts > 1) process.exit(ExitCode.interrupted);
    process.stderr.write(`\n${name}: stopping${stopNote === undefined ? '' : `; ${stopNote}`} (press Ctrl-C again to exit at once)\n`);
    controller.abort(new Error(name));
  };
  process.on('SIGINT', () => onSignal('SIGINT'));
  process.on('SIGTERM', () => onSignal('SIGTERM'));
  // exec and run end with their command's exit status
  let status: number = ExitCode.ok;
  const handlers = commandHandlers(
    controller.signal,
    (code) => {
      status = code;
    },
    (note) => {
      stopNote = note;
    },
  );
  try {
    await parseCommandLine(handlers, packageVersion(), argv);
    return status;
  } catch (error) {
    return report(error);
  }
}

function report(error: unknown): number {
  if (error instanceof CommanderError) {
    // commander already printed help, the version, or the usage error
    return error.exitCode === 0 ? ExitCode.ok : ExitCode.badInput;
  }
  if (isDockerFlowError(error)) {
    process.stderr.write(`error: ${error.message}\n`);
    if (error.hint !== undefined) process.stderr.write(`  next: ${error.hint}\n`);
    return error.exitCode;
  }
  process.stderr.write(`internal error: ${stackOf(error)}\n`);
  process.stderr.write('  next: this is a bug in docker-flow; please report it with the command you ran\n');
  return ExitCode.flowFailed;
}

function packageVersion(): string {
  try {
    const raw: unknown = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'package.json'), 'utf8'));
    return typeof raw === 'object' && raw !== null && 'version' in raw && typeof raw.version === 'string' ? raw.version : 'unknown';
  } catch {
    return 'unknown';
  }
}

if (require.main === module) {
  // `docker-flow --help | head` closes the pipe early: that is not an error
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0);
    throw error;
  });
  void main(process.argv).then((code) => {
    process.exitCode = code;
    // long-lived handles (sockets of dockerode agents) must not keep a finished command alive
    setImmediate(() => process.exit(code));
  });
}
