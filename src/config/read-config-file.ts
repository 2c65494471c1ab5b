import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { ConfigError, errorCode } from '../errors';
import { parseConfigText } from './parse-config-text';
import type { ConfigFileSettings } from './parse-config-text';

export const defaultConfigFileName = 'docker-flow.yml';

/**
 * Reads docker-flow.yml from `cwd`, or the file at `configPath`. A missing default file gives no
 * settings; a missing explicit file is a ConfigError. Read once, synchronously, at start-up.
 */
export function readConfigFile(options: { readonly cwd: string; readonly configPath?: string }): ConfigFileSettings {
  const explicit = options.configPath;
  const path = explicit === undefined ? join(options.cwd, defaultConfigFileName) : resolve(options.cwd, explicit);
  const displayName = explicit ?? defaultConfigFileName;
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = errorCode(error) ?? 'unknown';
    if (code === 'ENOENT' && explicit === undefined) return { settings: [] };
    const reason = code === 'ENOENT' ? 'does not exist' : code === 'EISDIR' ? 'is a folder, not a file' : `cannot be read (${code})`;
    throw new ConfigError(displayName, `the configuration file ${path} ${reason}`, {
      hint: 'check the path of the configuration file, or leave it out to use docker-flow.yml in the current folder if there is one',
      cause: error,
    });
  }
  return parseConfigText(text, { displayName, baseDir: dirname(path) });
}
