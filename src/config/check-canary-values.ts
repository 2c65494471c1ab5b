import { errorRateAccepts, parseErrorRateLimit, parseResponseTimeLimit, parseStep, responseTimeAccepts, stepsAccepts } from '../domain/canary-settings';
import type { ValueCheck } from './option-row';

/** Items of a canary list option: a flag may carry several, comma-separated (`--canary-steps=10,25,50,100`). */
export function splitItems(values: readonly string[]): readonly string[] {
  return values.flatMap((value) => value.split(',')).map((item) => item.trim());
}

const eachItem = (accepts: string, test: (item: string) => boolean): ValueCheck => ({ accepts, test: (value) => splitItems([value]).every(test) });

export const checkCanarySteps = eachItem(stepsAccepts, (item) => parseStep(item) !== undefined);
export const checkErrorRateLimit = eachItem(errorRateAccepts, (item) => parseErrorRateLimit(item) !== undefined);
export const checkResponseTimeLimit = eachItem(responseTimeAccepts, (item) => parseResponseTimeLimit(item) !== undefined);
