import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * The repository root (the folder holding package.json and scripts/), found from this file's
 * location so tests work from build/test/integration/support/ and from any working directory.
 */
export function repoRoot(): string {
  let dir = __dirname;
  while (!(existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'scripts')))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`no repository root (package.json and scripts/) above ${__dirname}`);
    dir = parent;
  }
  return dir;
}
