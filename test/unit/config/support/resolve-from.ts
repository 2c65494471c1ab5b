import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { Command } from 'commander';
import type { FlowOptions } from '../../../../src/config/flow-options';
import { resolveOptions } from '../../../../src/config/load-options';
import type { ResolvedOptions } from '../../../../src/config/load-options';
import { parseConfigText } from '../../../../src/config/parse-config-text';
import { registerOptions } from '../../../../src/config/register-options';
import { ConfigError } from '../../../../src/errors';
import { testCwd, testHome } from './option-samples';

/** test/fixtures/config, from build/test/unit/config/support. */
export const fixturesDir = resolve(__dirname, '../../../../../test/fixtures/config');

/** commander's opts() after registerOptions and parsing `argv` (user arguments only). */
export function parseArgv(argv: readonly string[]): Readonly<Record<string, unknown>> {
  const program = new Command('docker-flow').exitOverride().configureOutput({ writeErr: () => undefined, writeOut: () => undefined });
  registerOptions(program);
  program.parse([...argv], { from: 'user' });
  return program.opts();
}

export interface Sources {
  /** docker-flow.yml text (in testCwd). */
  readonly yml?: string;
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly argv?: readonly string[];
  readonly cwd?: string;
}

/** FlowOptions and their sources from in-memory inputs (flags go through commander). */
export function resolveFrom(sources: Sources): ResolvedOptions {
  const cwd = sources.cwd ?? testCwd;
  const file = parseConfigText(sources.yml ?? '', { displayName: 'docker-flow.yml', baseDir: cwd });
  return resolveOptions({ file, flags: parseArgv(sources.argv ?? []), env: sources.env ?? {}, cwd, home: testHome });
}

export function optionsFrom(sources: Sources): FlowOptions {
  return resolveFrom(sources).options;
}

/** Asserts `action` throws a ConfigError with this key whose message (or hint) contains every fragment. */
export function assertConfigError(action: () => unknown, expected: { readonly key: string; readonly includes: readonly string[] }): ConfigError {
  let caught: unknown;
  try {
    action();
  } catch (error) {
    caught = error;
  }
  assert.ok(caught instanceof ConfigError, `expected a ConfigError, got ${String(caught)}`);
  assert.equal(caught.key, expected.key, caught.message);
  assert.equal(caught.exitCode, 2);
  const text = `${caught.message}\n${caught.hint ?? ''}`;
  for (const fragment of expected.includes) assert.ok(text.includes(fragment), `"${fragment}" not in: ${text}`);
  return caught;
}
