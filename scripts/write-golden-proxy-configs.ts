import { writeFileSync } from 'node:fs';
import { relative } from 'node:path';
import { repoRoot } from '../test/fixtures/haproxy/fixture-paths';
import { renderGoldenFiles } from '../test/fixtures/haproxy/golden-files';

/** `npm run golden`: rewrites test/fixtures/haproxy/*.cfg from the golden models (the unit test only compares). */
for (const golden of renderGoldenFiles()) {
  writeFileSync(golden.path, golden.rendered);
  process.stdout.write(`wrote ${relative(repoRoot, golden.path)}\n`);
}
