import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { renderConfigReference } from '../src/config/render-config-file';

/** `npm run reference`: writes the top-level docker-flow.yml from the option table (the unit test only compares). */
const path = join(resolve(__dirname, '..', '..'), 'docker-flow.yml');
writeFileSync(path, renderConfigReference());
process.stdout.write(`wrote ${path}\n`);
