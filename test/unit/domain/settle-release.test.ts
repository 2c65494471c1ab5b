import assert from 'node:assert/strict';
import type { ReleaseRecord } from '../../../src/domain/records';
import { settleInProgress } from '../../../src/domain/settle-release';
import { container } from '../builders';

const record = (o: Partial<ReleaseRecord> = {}, colored = true): ReleaseRecord => ({
  number: 5,
  service: 'demo-app',
  startedAt: '2026-12-02T10:00:00.000Z',
  who: 'ops@build',
  ...(colored ? { color: 'green', previousColor: 'blue' } : {}),
  scale: 2,
  images: { app: { image: 'app:v5', digests: [] } },
  configHash: 'abc',
  hosts: ['local'],
  result: 'in-progress',
  ...o,
});

describe('settleInProgress (a release left in progress: did it go live?)', () => {
  it('blue-green, after the commit: its colour is the stored one and that colour runs its release → succeeded', () => {
    const instances = [container('demo_app-green_1', { color: 'green', release: 5 }), container('demo_app-green_2', { color: 'green', release: 5, number: 2 }), container('demo_app-blue_1', { color: 'blue', release: 4 })];
    const settled = settleInProgress(record(), 'green', instances);
    assert.deepEqual(settled, { result: 'succeeded', why: 'green is the live colour and its instances are of release 5' });
  });

  it('blue-green, before the commit (killed while the new colour started): the stored colour is still the old one → failed', () => {
    const instances = [container('demo_app-green_1', { color: 'green', release: 5 }), container('demo_app-blue_1', { color: 'blue', release: 4 })];
    assert.equal(settleInProgress(record(), 'blue', instances).result, 'failed');
    assert.equal(settleInProgress(record(), undefined, instances).result, 'failed', 'a first deploy that never committed');
  });

  it('the stored colour is its colour but the instances of that colour are of another release (a later rollback, or a staged redeploy that never started its own) → failed', () => {
    assert.equal(settleInProgress(record(), 'green', [container('demo_app-green_1', { color: 'green', release: 3 })]).result, 'failed');
    assert.equal(settleInProgress(record(), 'green', [container('demo_app-green_1', { color: 'green', release: 5 }), container('demo_app-green_2', { color: 'green', release: 3, number: 2 })]).result, 'failed');
    assert.equal(settleInProgress(record(), 'green', []).result, 'failed', 'nothing of that colour runs');
    assert.equal(settleInProgress(record(), 'green', [container('demo_app-green_1', { color: 'green', release: 5, state: 'exited' })]).result, 'failed', 'stopped instances do not serve');
  });

  it('a rollback that restarted the kept containers: they carry the release it restored (rollbackTo), and count as its own', () => {
    const rollback = record({ number: 7, rollbackTo: 5 });
    assert.equal(settleInProgress(rollback, 'green', [container('demo_app-green_1', { color: 'green', release: 5 })]).result, 'succeeded');
    assert.equal(settleInProgress(rollback, 'green', [container('demo_app-green_1', { color: 'green', release: 6 })]).result, 'failed');
  });

  it('rolling (no colour): every running instance of the target carries its release → succeeded; a mix (killed half-way) → failed', () => {
    const rolling = record({}, false);
    assert.equal(settleInProgress(rolling, undefined, [container('demo_app_3', { release: 5, number: 3 }), container('demo_app_4', { release: 5, number: 4 })]).result, 'succeeded');
    assert.equal(settleInProgress(rolling, undefined, [container('demo_app_3', { release: 5, number: 3 }), container('demo_app_2', { release: 4, number: 2 })]).result, 'failed');
  });
});
