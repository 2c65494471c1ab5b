import { parseErrorRateLimit, parseResponseTimeLimit, parseStep, type ErrorRateLimit, type ResponseTimeLimit } from '../domain/canary-settings';
import { splitItems } from './check-canary-values';
import type { FlowOptions } from './flow-options';
import type { OptionValues } from './option-values';

type CanaryOptions = Pick<FlowOptions, 'canarySteps' | 'canaryIntervalMs' | 'canaryMinRequests' | 'canaryMaxExtensions' | 'canaryMaxErrorRate' | 'canaryMaxResponseTime'>;

/** The canary options, each item already checked by its row (so every parse below succeeds). */
export function canaryOptions(values: OptionValues): CanaryOptions {
  const parsed = <T>(items: readonly string[], parse: (item: string) => T | undefined): readonly T[] =>
    splitItems(items).flatMap((item) => {
      const value = parse(item);
      return value === undefined ? [] : [value];
    });
  return {
    canarySteps: parsed(values.list('canarySteps'), parseStep),
    canaryIntervalMs: values.durationMs('canaryIntervalMs'),
    canaryMinRequests: values.int('canaryMinRequests'),
    canaryMaxExtensions: values.int('canaryMaxExtensions'),
    canaryMaxErrorRate: parsed<ErrorRateLimit>(values.list('canaryMaxErrorRate'), parseErrorRateLimit),
    canaryMaxResponseTime: parsed<ResponseTimeLimit>(values.list('canaryMaxResponseTime'), parseResponseTimeLimit),
  };
}
