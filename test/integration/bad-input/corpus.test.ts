import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mapConcurrent } from '../../../src/adapters/docker/map-concurrent';
import { assertRefused } from './assert-refused';
import { snapshotEngine } from './engine-snapshot';
import { loadCorpus } from './load-corpus';
import { caseTimeoutMs, runBadInputCase } from './run-bad-input-case';
import type { CaseOutcome } from './run-bad-input-case';

/** Cases run four at a time through the real CLI; each `it` then checks one outcome. */
const concurrency = 4;

describe('bad input corpus (test/bad-input): refused with exit 2, the key named, a next step, nothing touched', function () {
  const cases = loadCorpus();
  const run = randomBytes(3).toString('hex');
  const prefix = `badin-${run}-`;
  const outcomes = new Map<string, CaseOutcome>();
  let root = '';

  before(async function () {
    this.timeout(Math.ceil(cases.length / concurrency) * caseTimeoutMs + 60_000);
    root = await mkdtemp(join(tmpdir(), 'df-badinput-'));
    const numbered = cases.map((spec, index) => ({ spec, project: `${prefix}${String(index + 1).padStart(3, '0')}` }));
    const results = await mapConcurrent(numbered, concurrency, async ({ spec, project }) => runBadInputCase(spec, root, project));
    for (const outcome of results) outcomes.set(outcome.spec.id, outcome);
  });

  after(async () => {
    if (root !== '') await rm(root, { recursive: true, force: true });
  });

  it('has at least 110 cases', () => {
    assert.ok(cases.length >= 110, `only ${cases.length} cases in test/bad-input`);
  });

  for (const spec of cases) {
    it(spec.id, () => {
      const outcome = outcomes.get(spec.id);
      assert.ok(outcome !== undefined, `case ${spec.id} did not run`);
      assertRefused(outcome);
    });
  }

  it(`left nothing on the engine whose name or labels mention ${prefix}*`, async () => {
    assert.deepEqual(await snapshotEngine(prefix), []);
  });
});
