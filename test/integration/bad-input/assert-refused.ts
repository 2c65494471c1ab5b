import assert from 'node:assert/strict';
import type { CaseOutcome } from './run-bad-input-case';

/**
 * What a user sees when docker-flow refuses bad input: exit status 2 (a ConfigError) and nothing
 * changed on the engine, on disk or in the process table; a first error line `error: <key>: ...`
 * naming the offending key, the value and what is accepted; a `next:` line saying what to do; and
 * no plan on stdout.
 */
export function assertRefused(outcome: CaseOutcome): void {
  const { spec, result } = outcome;
  const shown = `docker-flow ${spec.args.map(quote).join(' ')}${envText(spec.env)}\n--- exit ${String(result.code)}\n--- stderr\n${result.stderr}--- stdout\n${result.stdout}`;
  assert.equal(result.code, 2, `exit status\n${shown}`);
  assert.ok(!result.stderr.includes('internal error'), `an internal error instead of a ConfigError\n${shown}`);
  assert.deepEqual(outcome.engineAfter, outcome.engineBefore, `containers, networks and volumes of ${outcome.project} on the engine changed\n${shown}`);
  assert.deepEqual(outcome.treeAfter, outcome.treeBefore, `files under ${outcome.dir} (state dir included) changed\n${shown}`);
  assert.deepEqual(outcome.leftovers, [], `processes left running from ${outcome.dir}\n${shown}`);
  const errorLine = result.stderr.split('\n').find((line) => line.startsWith('error: '));
  assert.ok(errorLine !== undefined, `no "error: " line\n${shown}`);
  assert.ok(errorLine.startsWith(`error: ${spec.key}: `), `the error names "${spec.key}"\n${shown}`);
  for (const fragment of spec.mentions) assert.ok(result.stderr.includes(fragment), `stderr mentions ${JSON.stringify(fragment)}\n${shown}`);
  const nextAt = result.stderr.search(/^ {2}next: \S/m);
  assert.ok(nextAt >= 0, `no "  next: " line saying what to do\n${shown}`);
  if (spec.next !== undefined) assert.ok(result.stderr.slice(nextAt).includes(spec.next), `the next: part mentions ${JSON.stringify(spec.next)}\n${shown}`);
  assert.equal(result.stdout, '', `nothing on stdout (no plan) when the input is refused\n${shown}`);
}

function quote(arg: string): string {
  return /^[\w./:=+,@-]+$/.test(arg) ? arg : `'${arg.replaceAll("'", "'\\''")}'`;
}

function envText(env: Readonly<Record<string, string>>): string {
  const names = Object.entries(env);
  return names.length === 0 ? '' : `  (env: ${names.map(([name, value]) => `${name}=${quote(value)}`).join(' ')})`;
}
