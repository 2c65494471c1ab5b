import { colors, type Color } from './color';
import { RecordProblem, type RecordFields } from './record-fields';

/**
 * A stepped canary under way, stored at `docker-flow/<service>/canary` by the docker-flow that walks
 * it (it holds the deploy lock meanwhile). Removed when the canary is promoted or aborted; one left
 * behind by a docker-flow that was killed is settled back to the old colour by the next run.
 */
export interface CanaryRecord {
  readonly service: string;
  readonly release: number;
  /** The new colour, and the colour that served before (and keeps the rest of the traffic). */
  readonly color: Color;
  readonly previousColor: Color;
  readonly steps: readonly number[];
  /** 1-based index of the current step in `steps`. */
  readonly step: number;
  readonly percent: number;
  readonly startedAt: string;
  /** When the current step started. */
  readonly since: string;
  /** user@hostname and pid of the docker-flow walking it. */
  readonly who: string;
  readonly pid: number;
  /** Set by `proxy watch` when it found the walker gone and put all traffic back on the old colour (ISO); the next run finishes the abort. */
  readonly returnedAt?: string;
}

/** A request to stop a canary, written by `docker-flow rollback` from another terminal (`docker-flow/<service>/canary-abort`). */
export interface CanaryAbortRequest {
  readonly who: string;
  readonly at: string;
}

export function parseCanaryRecord(fields: RecordFields): CanaryRecord {
  const returnedAt = fields.optionalString('returnedAt');
  return {
    service: fields.string('service'),
    release: fields.integer('release', 1),
    color: fields.oneOf('color', colors),
    previousColor: fields.oneOf('previousColor', colors),
    steps: fields.list('steps', (_fields, value, path) => {
      if (typeof value !== 'number' || !Number.isInteger(value)) throw new RecordProblem(path, 'a whole number', value);
      return value;
    }),
    step: fields.integer('step', 1),
    percent: fields.integer('percent', 0),
    startedAt: fields.string('startedAt'),
    since: fields.string('since'),
    who: fields.string('who'),
    pid: fields.integer('pid', 0),
    ...(returnedAt === undefined ? {} : { returnedAt }),
  };
}

export function parseCanaryAbortRequest(fields: RecordFields): CanaryAbortRequest {
  return { who: fields.string('who'), at: fields.string('at') };
}

/** `canary 25 % (step 2 of 4) since 2026-03-01T10:22:31Z`, for `docker-flow status`. */
export function describeCanaryProgress(record: Pick<CanaryRecord, 'percent' | 'step' | 'steps' | 'since' | 'returnedAt'>): string {
  if (record.returnedAt !== undefined) {
    return `canary stopped at ${record.percent} % (step ${record.step} of ${record.steps.length}): its docker-flow stopped, proxy watch put all traffic back on the old colour at ${record.returnedAt}; the next run stops the new colour`;
  }
  return `canary ${record.percent} % (step ${record.step} of ${record.steps.length}) since ${record.since}`;
}
