import { join, resolve } from 'node:path';

/** The repository root: this file runs from build/scripts/bench/. */
export const repoRoot = resolve(__dirname, '..', '..', '..');

/** The compiled docker-flow CLI. */
export const cliPath = join(repoRoot, 'build', 'src', 'cli', 'main.js');

export const templatesDir = join(repoRoot, 'templates');
