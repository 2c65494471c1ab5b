import { readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { corpusDir } from './corpus-dir';
import { resolveCorpusCase } from './resolve-case';

/** Writes expected.json of every case; the only way they change (npm run corpus:regenerate). Review the diff. */
async function main(): Promise<void> {
  for (const name of (await readdir(corpusDir)).sort()) {
    await writeFile(join(corpusDir, name, 'expected.json'), await resolveCorpusCase(join(corpusDir, name)));
    console.log(`wrote ${name}/expected.json`);
  }
}

// A script's entry point: a failure rejects, and Node's unhandled-rejection exit (status 1, the error printed) is the report.
void main();
