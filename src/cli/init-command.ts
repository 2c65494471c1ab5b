import { relative } from 'node:path';
import { initConfig } from '../flows/init';

/** `docker-flow init`: writes docker-flow.yml from the flags given (-f, --target) and says what it guessed. */
export async function initCommand(flags: Readonly<Record<string, unknown>>, force: boolean, signal: AbortSignal, print: (line: string) => void): Promise<void> {
  const compose = flags['composePath'];
  const target = flags['target'];
  const result = await initConfig({
    cwd: process.cwd(),
    env: process.env,
    composePaths: Array.isArray(compose) ? compose.filter((item): item is string => typeof item === 'string') : [],
    ...(typeof target === 'string' ? { target } : {}),
    force,
    signal,
  });
  const shown = relative(process.cwd(), result.path) || result.path;
  const filled = [...result.prefill].map(([key, value]) => `${key}: ${typeof value === 'string' ? value : value.join(', ')}`);
  print(`wrote ${shown}${result.composeFile === undefined ? ' (no compose file found: set target and the rest by hand)' : ''}`);
  if (filled.length > 0) print(`  from the compose file: ${filled.join('; ')}${result.prefill.has('service_path') ? ' (the service path is a guess: check it)' : ''}`);
  print('  every other key is there, commented out, with its default');
}
