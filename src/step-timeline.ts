import type { Clock } from './clock';

/** When the parts of one step finished, in milliseconds from its start (the debug log's `timeline`, read by the benchmarks). */
export interface StepTimeline {
  /** Records that `part` finished now. */
  mark(part: string): void;
  /** `promise`, marking `part` when it resolves. */
  after<T>(part: string, promise: Promise<T>): Promise<T>;
  /** Each part and when it finished, in the order they finished. */
  marks(): Readonly<Record<string, number>>;
  /** "instances 12 ms, lock 3 ms, ...". */
  text(): string;
}

export function stepTimeline(clock: Clock): StepTimeline {
  const started = clock.now();
  const marks: Record<string, number> = {};
  const mark = (part: string): void => {
    marks[part] = clock.now() - started;
  };
  return {
    mark,
    after: async (part, promise) => {
      const value = await promise;
      mark(part);
      return value;
    },
    marks: () => ({ ...marks }),
    text: () => Object.entries(marks).map(([part, ms]) => `${part} ${ms} ms`).join(', '),
  };
}
