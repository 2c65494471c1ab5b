import assert from 'node:assert/strict';
import { releasesOf } from '../faults/fault-kit';
import { uniqueName } from '../support/unique-name';
import { embeddedKv } from '../watch/proxy-watch-fixture';
import { flowFixture, singleAppCompose, type FlowFixture } from './flow-fixture';

describe('flows: the release record is a plan step, and a release that went live is never called abandoned', function () {
  this.timeout(180_000);
  let f: FlowFixture;
  before(async () => {
    f = await flowFixture(uniqueName('fr'), singleAppCompose);
    const first = await f.cli(['-b', '--target=app']);
    assert.equal(first.code, 0, first.stderr);
  });
  after(async () => f.cleanup());

  it('--dry-run lists the record in progress before the release, the record succeeded after the commit (best effort) and the record failed on failure', async () => {
    const r = await f.cli(['-b', '--target=app', '--dry-run']);
    assert.equal(r.code, 0, r.stderr);
    const lines = r.stdout.split('\n');
    const at = (text: string): number => lines.findIndex((line) => line === text);
    const service = `${f.project}-app`;
    assert.ok(at(`    - record release 2 of ${service}: in progress`) > 0, r.stdout);
    assert.ok(at(`    - record release 2 of ${service}: in progress`) < at(`    - record ${service}: colour green, scale 1`), r.stdout);
    assert.ok(at(`    - record ${service}: colour green, scale 1`) < at(`    - record release 2 of ${service}: succeeded (with the image id and digests) [best effort: a failure is reported, the release stands]`), r.stdout);
    assert.ok(at('  on failure') < at(`    - record release 2 of ${service}: failed [best effort: a failure is reported, the release stands]`), r.stdout);
    assert.deepEqual((await releasesOf((args) => f.cli(args))).map((x) => [x.number, x.result]), [[1, 'succeeded']], 'nothing was recorded');
  });

  it('a release whose result was not written after its commit (still in progress, its colour live) is settled as succeeded by the next run, which exits 0', async () => {
    const service = `${f.project}-app`;
    const kv = embeddedKv(f.stateDir);
    const key = `docker-flow/${service}/releases/00000001`;
    const entry = await kv.get(key, AbortSignal.timeout(10_000));
    assert.ok(entry !== undefined, 'release 1 is recorded');
    const { finishedAt: _finished, ...unfinished } = JSON.parse(entry.value) as Record<string, unknown>;
    // what a run leaves when the final record write fails after the commit (or it is killed right then)
    await kv.put(key, JSON.stringify({ ...unfinished, result: 'in-progress' }), {}, AbortSignal.timeout(10_000));

    const next = await f.cli(['-b', '--target=app']);
    assert.equal(next.code, 0, next.stderr);
    assert.match(next.stderr, new RegExp(`release 1 \\(blue\\) of ${service}, started \\S+ by \\S+, went live but its result was never recorded \\(blue is the live colour and its instances are of release 1\\); recorded as succeeded`));
    assert.doesNotMatch(next.stderr, /abandoned|never finished/);
    assert.deepEqual((await releasesOf((args) => f.cli(args))).map((x) => [x.number, x.result, x.color]), [[2, 'succeeded', 'green'], [1, 'succeeded', 'blue']]);
  });
});
