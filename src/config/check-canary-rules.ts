import { stepsProblem } from '../domain/canary-settings';
import { ConfigError } from '../errors';
import type { KeyOf } from './check-option-files';
import type { FlowOptions } from './flow-options';

/** Steps that increase and end at 100 (checked with every option, so a bad docker-flow.yml is refused by every command). */
export function checkCanarySteps(options: FlowOptions, keyOf: KeyOf): void {
  const problem = stepsProblem(options.canarySteps);
  if (problem !== undefined) throw new ConfigError(keyOf('canarySteps'), problem, { hint: 'e.g. --canary-steps=10,25,50,100 (yml: canary.steps: [10, 25, 50, 100])' });
}

/**
 * Checked when flows run (before anything is read or touched). A stepped canary needs the proxy flow and blue-green, and replaces --canary-weight. Steps written in
 * docker-flow.yml are the project's setting for the runs that route: a run without --flow=proxy
 * (a staged deploy, a scale) leaves them alone; steps given on the command line or in the
 * environment are about this run, so without --flow=proxy they are refused.
 */
export function checkCanaryFlows(options: FlowOptions, keyOf: KeyOf): void {
  if (options.canarySteps.length === 0) return;
  const key = keyOf('canarySteps');
  if (!options.flows.includes('proxy')) {
    if (key.startsWith('docker-flow.yml')) return;
    throw new ConfigError(key, `a stepped canary moves traffic through the proxy, so it needs --flow=proxy (flows given: ${options.flows.join(', ')})`, {
      hint: 'run it with the release: --flow=deploy --flow=proxy --canary-steps=10,25,50,100, or leave --canary-steps out',
    });
  }
  if (!options.blueGreen) {
    throw new ConfigError(key, 'a stepped canary splits traffic between the old and the new colour, so it needs --blue-green', {
      hint: 'add --blue-green (yml: blue_green: true), or leave --canary-steps out for a rolling deploy',
    });
  }
  if (options.canaryWeight !== undefined) {
    throw new ConfigError(key, `is given with ${keyOf('canaryWeight')}: a fixed canary weight and a stepped canary cannot both run`, {
      hint: 'keep one: --canary-steps walks the weights and promotes by itself; --canary-weight holds one share until a later --flow=proxy',
    });
  }
}
