import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { loadCompose } from '../../../src/compose/load-compose';
import type { ComposeModel, NamedVolumeSpec, NetworkSpec, ServiceSpec } from '../../../src/domain/service-spec';
import { ConfigError } from '../../../src/errors';
import type { Logger } from '../../../src/logger';

/** test/fixtures/compose, from build/test/unit/compose. */
export const fixturesDir = resolve(__dirname, '../../../../test/fixtures/compose');

export interface RecordingLogger extends Logger {
  readonly warnings: string[];
}

export function recordingLogger(): RecordingLogger {
  const warnings: string[] = [];
  const logger: RecordingLogger = {
    warnings,
    debug: () => undefined,
    info: () => undefined,
    warn: (message) => void warnings.push(message),
    error: () => undefined,
    child: () => logger,
  };
  return logger;
}

/** Loads compose files from a fixture folder the way the CLI would, with cwd = that folder. */
export function loadFixture(folder: string, paths: readonly string[], env: Readonly<Record<string, string | undefined>> = {}, logger?: Logger): Promise<ComposeModel> {
  return loadCompose({ paths, cwd: resolve(fixturesDir, folder), project: 'demo', env: { HOME: '/home/tester', ...env }, ...(logger === undefined ? {} : { logger }) });
}

export function service(model: ComposeModel, name: string): ServiceSpec {
  const spec = model.services[name];
  assert.ok(spec !== undefined, `service ${name} missing; have ${Object.keys(model.services).join(', ')}`);
  return spec;
}

/** Asserts a ConfigError with this key whose message and hint match. */
export function isConfigError(key: string, message: RegExp, hint?: RegExp): (error: unknown) => boolean {
  return (error: unknown) => {
    assert.ok(error instanceof ConfigError, `expected a ConfigError, got ${String(error)}`);
    assert.equal(error.key, key);
    assert.match(error.message, message);
    if (hint !== undefined) assert.match(error.hint ?? '', hint);
    return true;
  };
}

/** A resolved top-level network with Compose's defaults (bridge, nothing else set), `o` on top. */
export function network(name: string, o: Partial<NetworkSpec> = {}): NetworkSpec {
  return { name, external: false, driverOpts: {}, labels: {}, internal: false, attachable: false, enableIpv6: false, ...o };
}

/** A resolved top-level volume with the defaults, `o` on top. */
export function volume(name: string, o: Partial<NamedVolumeSpec> = {}): NamedVolumeSpec {
  return { name, external: false, driverOpts: {}, labels: {}, ...o };
}
