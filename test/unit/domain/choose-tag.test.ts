import assert from 'node:assert/strict';
import { chooseTag, tagOfRepository } from '../../../src/domain/choose-tag';

const base = { prereleases: false, deployedTags: [], failedTags: [] } as const;

describe('domain/choose-tag', () => {
  it('deploys the newest semver tag when nothing is live, ignoring tags that are not semver', () => {
    assert.deepEqual(chooseTag({ ...base, tags: ['latest', '1.0.0', '1.2.0', 'v1.1.0', 'main'] }), { kind: 'deploy', tag: '1.2.0', passedOver: [] });
  });

  it('deploys a newer tag than the live one, v-prefixed or not', () => {
    assert.deepEqual(chooseTag({ ...base, tags: ['v1.0.0', 'v1.1.0'], liveTag: '1.0.0' }), { kind: 'deploy', tag: 'v1.1.0', passedOver: [] });
    assert.deepEqual(chooseTag({ ...base, tags: ['1.0.0', '1.1.0'], liveTag: 'v1.1.0' }), { kind: 'up-to-date', newest: '1.1.0' });
  });

  it('skips pre-releases unless asked, and then ranks them by semver', () => {
    const tags = ['1.0.0', '1.1.0-rc.1', '1.1.0-rc.2', '1.1.0-beta.9'];
    assert.deepEqual(chooseTag({ ...base, tags, liveTag: '1.0.0' }), { kind: 'up-to-date', newest: '1.0.0' });
    assert.deepEqual(chooseTag({ ...base, tags, liveTag: '1.0.0', prereleases: true }), { kind: 'deploy', tag: '1.1.0-rc.2', passedOver: [] });
    assert.deepEqual(chooseTag({ ...base, tags: [...tags, '1.1.0'], liveTag: '1.1.0-rc.2', prereleases: true }), { kind: 'deploy', tag: '1.1.0', passedOver: [] });
  });

  it('never deploys a tag again: a tag deployed before stays put after a rollback to an older one', () => {
    assert.deepEqual(chooseTag({ ...base, tags: ['1.0.0', '1.1.0'], liveTag: '1.0.0', deployedTags: ['1.0.0', 'v1.1.0'] }), { kind: 'up-to-date', newest: '1.1.0' });
    assert.deepEqual(chooseTag({ ...base, tags: ['1.0.0', '1.1.0', '1.1.1'], liveTag: '1.0.0', deployedTags: ['1.0.0', '1.1.0'] }), { kind: 'deploy', tag: '1.1.1', passedOver: [] });
  });

  it('does not retry a failed tag; a newer tag is deployed, an older newer-than-live one too', () => {
    assert.deepEqual(chooseTag({ ...base, tags: ['1.1.0', '1.2.0'], liveTag: '1.1.0', failedTags: ['1.2.0'] }), { kind: 'failed-before', tags: ['1.2.0'] });
    assert.deepEqual(chooseTag({ ...base, tags: ['1.1.0', '1.2.0', '1.3.0'], liveTag: '1.1.0', failedTags: ['1.2.0'] }), { kind: 'deploy', tag: '1.3.0', passedOver: [] });
    assert.deepEqual(chooseTag({ ...base, tags: ['1.1.0', '1.1.1', '1.2.0'], liveTag: '1.1.0', failedTags: ['1.2.0'] }), { kind: 'deploy', tag: '1.1.1', passedOver: ['1.2.0'] });
  });

  it('is up to date with no semver tag at all', () => {
    assert.deepEqual(chooseTag({ ...base, tags: ['latest'] }), { kind: 'up-to-date' });
    assert.deepEqual(chooseTag({ ...base, tags: [] }), { kind: 'up-to-date' });
  });

  it('reads the tag of an image of the repository, and nothing from another repository', () => {
    assert.equal(tagOfRepository('127.0.0.1:5000/app:1.2.0', '127.0.0.1:5000/app'), '1.2.0');
    assert.equal(tagOfRepository('127.0.0.1:5000/app-old:1.2.0', '127.0.0.1:5000/app'), undefined);
    assert.equal(tagOfRepository('docker-flow-demo:v1', '127.0.0.1:5000/app'), undefined);
    assert.equal(tagOfRepository('127.0.0.1:5000/app@sha256:abc', '127.0.0.1:5000/app'), undefined);
  });
});
