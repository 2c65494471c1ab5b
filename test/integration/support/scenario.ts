import { AssertionError } from 'node:assert';
import { messageOf } from '../../../src/errors';

/**
 * One step of a scenario test: steps that build on each other (a release, then the next one on
 * top of it) run in order inside one `it`, so no test depends on another having run. A failing
 * step names itself in the error (an assertion keeps its actual/expected diff); the steps after
 * it do not run, since they could only fail for the same reason.
 */
export async function step(name: string, run: () => Promise<void>): Promise<void> {
  try {
    await run();
  } catch (error) {
    throw stepFailure(name, error);
  }
}

function stepFailure(name: string, error: unknown): Error {
  const message = `step "${name}": ${messageOf(error)}`;
  const failure = error instanceof AssertionError
    ? new AssertionError({ message, actual: error.actual, expected: error.expected, operator: error.operator })
    : new Error(message, { cause: error });
  const frames = error instanceof Error ? error.stack?.split('\n').filter((line) => /^\s+at /.test(line)) : undefined;
  if (frames !== undefined && frames.length > 0) failure.stack = `${failure.name}: ${message}\n${frames.join('\n')}`;
  return failure;
}
