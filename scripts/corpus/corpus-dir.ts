import { resolve } from 'node:path';

/** test/fixtures/compose-corpus in the source tree (this file runs from build/scripts/corpus). */
export const corpusDir = resolve(__dirname, '..', '..', '..', 'test', 'fixtures', 'compose-corpus');
