import assert from 'node:assert/strict';
import { parseReleaseRecord, parseRouteRecord } from '../../../src/domain/parse-service-records';
import type { ReleaseRecord, RouteRecord } from '../../../src/domain/records';
import { readJsonRecord } from '../../../src/domain/stored-record';

const server = (name: string, port: number): RouteRecord['servers'][number] => ({ name, host: 'h1', address: '10.77.0.11', port });
const route: RouteRecord = {
  service: 'shop-app', project: 'shop', target: 'app', color: 'blue', paths: ['/shop'], port: 8080,
  servers: [server('shop_app-blue_1', 32001)], canary: { color: 'green', percent: 10, servers: [server('shop_app-green_1', 32002)] },
  frontendTemplate: 'fe', backendTemplate: 'be', updatedAt: '2024-06-03T10:00:00.000Z',
  switching: { since: '2024-06-03T10:00:00.000Z', previous: { service: 'shop-app', project: 'shop', target: 'app', paths: ['/shop'], port: 8080, servers: [], updatedAt: '2024-06-02T10:00:00.000Z' } },
};
const release: ReleaseRecord = {
  number: 7, service: 'shop-app', startedAt: '2024-06-03T10:00:00.000Z', finishedAt: '2024-06-03T10:01:00.000Z', who: 'ci@build',
  color: 'green', previousColor: 'blue', scale: 2, images: { app: { image: 'app:v2', id: 'sha256:1', digests: ['app@sha256:2'] } },
  configHash: 'abc', hosts: ['h1', 'h2'], result: 'failed', error: 'unhealthy', rollbackTo: 5,
};

describe('domain/parse-service-records', () => {
  it('reads back every field the flows write: a release, and a route with canary and an unconfirmed switch', () => {
    assert.deepEqual(readJsonRecord('k', JSON.stringify(release), 'a release record', parseReleaseRecord), { ok: true, record: release });
    assert.deepEqual(readJsonRecord('k', JSON.stringify(route), 'a route record', parseRouteRecord), { ok: true, record: route });
    const { finishedAt: _f, color: _c, previousColor: _p, error: _e, rollbackTo: _r, ...minimal } = release;
    assert.deepEqual(readJsonRecord('k', JSON.stringify(minimal), 'a release record', parseReleaseRecord), { ok: true, record: minimal });
  });

  it('names the key, the field and what was found when a record does not fit', () => {
    const cases: readonly (readonly [string, string])[] = [
      ['{"number": 7', 'is not a release record: not JSON ('],
      ['[1, 2]', 'is not a release record: expected an object, found a list'],
      [JSON.stringify({ ...release, result: 'done' }), 'is not a release record: result: expected one of in-progress, succeeded, failed, rolled-back, aborted, found "done"'],
      [JSON.stringify({ ...release, scale: '2' }), 'is not a release record: scale: expected a whole number of at least 0, found "2"'],
      [JSON.stringify({ ...release, images: { app: { image: 'app:v2' } } }), 'is not a release record: images.app.digests: expected a list, found nothing'],
      [JSON.stringify({ ...release, hosts: ['h1', 2] }), 'is not a release record: hosts[1]: expected a string, found 2'],
    ];
    for (const [text, reason] of cases) {
      const read = readJsonRecord('docker-flow/shop-app/releases/00000007', text, 'a release record', parseReleaseRecord);
      assert.equal(read.ok, false, text);
      if (!read.ok) {
        assert.equal(read.corrupt.key, 'docker-flow/shop-app/releases/00000007');
        assert.ok(read.corrupt.reason.startsWith(reason), `${read.corrupt.reason}\nwanted: ${reason}`);
      }
    }
    const badServer = readJsonRecord('r', JSON.stringify({ ...route, canary: { ...route.canary, servers: [{ ...server('x', 1), port: 'http' }] } }), 'a route record', parseRouteRecord);
    assert.deepEqual(badServer, { ok: false, corrupt: { key: 'r', reason: 'is not a route record: canary.servers[0].port: expected a whole number of at least 1, found "http"' } });
    const badPrevious = readJsonRecord('r', JSON.stringify({ ...route, switching: { since: 'x', previous: { ...route, paths: '/shop' } } }), 'a route record', parseRouteRecord);
    assert.deepEqual(badPrevious, { ok: false, corrupt: { key: 'r', reason: 'is not a route record: switching.previous.paths: expected a list, found "/shop"' } });
  });
});
