import assert from 'node:assert/strict';
import { labelFilters } from '../../../../src/adapters/docker/label-filters';
import { mapEvent } from '../../../../src/adapters/docker/map-event';
import { mapImageInspect, mapImageList } from '../../../../src/adapters/docker/map-image';

/** A `die` line of GET /events as dockerd 20.10 sent it (timeNano has more digits than a double keeps). */
const dieLine =
  '{"status":"die","id":"d7b020d11f1343314159a255ca09c25d6e41cd9295b5c1cb077eea714bd519bf","from":"docker-flow-demo:v1","Type":"container","Action":"die",' +
  '"Actor":{"ID":"d7b020d11f1343314159a255ca09c25d6e41cd9295b5c1cb077eea714bd519bf","Attributes":{"exitCode":"137","image":"docker-flow-demo:v1",' +
  '"io.docker-flow.project":"shop","io.docker-flow.test":"docker-adapter-fixture","name":"fixture_ev"}},"scope":"local","time":1795328883,"timeNano":1795328883123456789}';

describe('adapters/docker/map-event', () => {
  it('maps a container event: action, id, name, labels without engine attributes, exact timeNano', () => {
    const event = mapEvent(JSON.parse(dieLine), dieLine, 'node-1');
    assert.deepEqual(event, {
      action: 'die',
      containerId: 'd7b020d11f1343314159a255ca09c25d6e41cd9295b5c1cb077eea714bd519bf',
      containerName: 'fixture_ev',
      labels: { 'io.docker-flow.project': 'shop', 'io.docker-flow.test': 'docker-adapter-fixture' },
      host: 'node-1',
      timeNano: 1795328883123456789n,
    });
  });

  it('keeps "health_status: healthy" as the action and falls back to time in seconds', () => {
    const json = { Type: 'container', Action: 'health_status: healthy', Actor: { ID: 'abc', Attributes: { name: 'x' } }, time: 12 };
    const event = mapEvent(json, JSON.stringify(json), 'h');
    assert.equal(event?.action, 'health_status: healthy');
    assert.equal(event?.timeNano, 12_000_000_000n);
  });

  it('ignores events of other types and lines without an id', () => {
    assert.equal(mapEvent({ Type: 'network', Action: 'connect', Actor: { ID: 'n' } }, '', 'h'), undefined);
    assert.equal(mapEvent({ Type: 'container', Action: 'start' }, '', 'h'), undefined);
  });
});

describe('adapters/docker/label-filters', () => {
  it('turns labels into sorted engine filters; true means "label present"', () => {
    assert.deepEqual(labelFilters({ 'io.docker-flow.service': 'shop-app', 'io.docker-flow.color': true }), [
      'io.docker-flow.color',
      'io.docker-flow.service=shop-app',
    ]);
  });
});

describe('adapters/docker/map-image', () => {
  it('lists images newest first without <none> tags', () => {
    const images = mapImageList([
      { Id: 'sha256:old', RepoTags: ['app:v1'], Created: 100 },
      { Id: 'sha256:new', RepoTags: ['app:v2', 'app:latest'], Created: 200 },
      { Id: 'sha256:dangling', RepoTags: ['<none>:<none>'], Created: 150 },
      { RepoTags: ['no-id:v1'] },
    ]);
    assert.deepEqual(images, [
      { id: 'sha256:new', tags: ['app:latest', 'app:v2'], createdSec: 200 },
      { id: 'sha256:dangling', tags: [], createdSec: 150 },
      { id: 'sha256:old', tags: ['app:v1'], createdSec: 100 },
    ]);
  });

  it('reads id and repo digests from an image inspect', () => {
    assert.deepEqual(mapImageInspect({ Id: 'sha256:abc', RepoDigests: ['reg/app@sha256:def'] }), { id: 'sha256:abc', repoDigests: ['reg/app@sha256:def'] });
    assert.deepEqual(mapImageInspect({ Id: 'sha256:abc', RepoDigests: null }), { id: 'sha256:abc', repoDigests: [] });
  });
});
