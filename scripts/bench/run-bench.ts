import { isDockerFlowError, stackOf } from '../../src/errors';
import { interruptSignal } from './machine';

/** Prints lines to stdout. Benchmarks print figures, never pass/fail a test. */
export const print = (...lines: readonly string[]): void => {
  for (const line of lines) process.stdout.write(`${line}\n`);
};

/**
 * The error boundary of a benchmark script: runs `body` with a Ctrl-C signal and turns a failure
 * into "error: ... / next: ..." and exit status 1 (the body's own verdict may set another status).
 */
export function runBench(name: string, body: (signal: AbortSignal) => Promise<number>): void {
  const signal = interruptSignal();
  body(signal).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      if (isDockerFlowError(error)) {
        process.stderr.write(`${name}: error: ${error.message}\n`);
        if (error.hint !== undefined) process.stderr.write(`  next: ${error.hint}\n`);
      } else {
        process.stderr.write(`${name}: internal error: ${stackOf(error)}\n`);
      }
      process.exitCode = 1;
    },
  );
}
