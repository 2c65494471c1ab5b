import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { corpusDir } from '../../../scripts/corpus/corpus-dir';
import { resolveCorpusCase } from '../../../scripts/corpus/resolve-case';

/**
 * The differential corpus: each case's compose files resolve to its checked-in expected.json.
 * This test only compares; `npm run corpus:regenerate` is the one way to rewrite the expected files.
 */
describe('compose corpus: resolved form as checked in', () => {
  for (const name of readdirSync(corpusDir).sort()) {
    it(name, async () => {
      const expected = await readFile(join(corpusDir, name, 'expected.json'), 'utf8').catch(() => assert.fail(`${name}/expected.json is missing: run npm run corpus:regenerate and review it`));
      assert.equal(await resolveCorpusCase(join(corpusDir, name)), expected);
    });
  }
});
