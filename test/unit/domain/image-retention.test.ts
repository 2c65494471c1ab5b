import assert from 'node:assert/strict';
import fc from 'fast-check';
import { chooseImagesToRemove, compareNatural, normaliseRef, repositoryOf, type HostImage, type RetentionInput } from '../../../src/domain/image-retention';

const image = (id: string, createdSec: number, ...tags: string[]): HostImage => ({ id, createdSec, tags });
/** Unless a case says otherwise, docker-flow released every tag on the host. */
const input = (o: Partial<RetentionInput>): RetentionInput => ({ image: 'shop/app:v9', keep: 2, images: [], containers: [], protect: [], released: (o.images ?? []).flatMap((i) => i.tags), ...o });

describe('chooseImagesToRemove (image retention on one host)', () => {
  it('keeps the newest N tags of the repository and removes the rest, newest first', () => {
    const images = [image('a', 100, 'shop/app:v1'), image('b', 200, 'shop/app:v2'), image('c', 300, 'shop/app:v3'), image('d', 400, 'shop/app:v4')];
    const choice = chooseImagesToRemove(input({ images }));
    assert.deepEqual(choice.kept, [{ ref: 'shop/app:v4', reason: 'newest' }, { ref: 'shop/app:v3', reason: 'newest' }]);
    assert.deepEqual(choice.remove, ['shop/app:v2', 'shop/app:v1']);
  });

  it('never removes a tag a container (running or stopped, of any project) was created from', () => {
    const images = [image('a', 100, 'shop/app:v1'), image('b', 200, 'shop/app:v2'), image('c', 300, 'shop/app:v3'), image('d', 400, 'shop/app:v4')];
    const choice = chooseImagesToRemove(input({ images, containers: [{ image: 'shop/app:v1', imageId: 'a' }] }));
    assert.deepEqual(choice.remove, ['shop/app:v2']);
    assert.ok(choice.kept.some((k) => k.ref === 'shop/app:v1' && k.reason === 'used by a container'));
  });

  it('never removes a protected reference (the release just deployed, the previous release)', () => {
    const images = [image('a', 100, 'shop/app:v1'), image('b', 200, 'shop/app:v2'), image('c', 300, 'shop/app:v3')];
    const choice = chooseImagesToRemove(input({ keep: 1, images, protect: ['shop/app:v1'] }));
    assert.deepEqual(choice.remove, ['shop/app:v2']);
  });

  it('keeps the last tag of an image a container uses by id (removing it would delete the image)', () => {
    const images = [image('a', 100, 'shop/app:v1', 'shop/app:old'), image('c', 300, 'shop/app:v3'), image('d', 400, 'shop/app:v4')];
    const choice = chooseImagesToRemove(input({ images, containers: [{ image: 'sha256:a', imageId: 'a' }] }));
    assert.deepEqual(choice.remove, ['shop/app:old'], 'one tag of image a goes, the other stays for the container');
    assert.ok(choice.kept.some((k) => k.ref === 'shop/app:v1' && k.reason === 'used by a container'));
  });

  it('removes tags of an image in use when another tag of it stays (only the tag goes)', () => {
    const images = [image('x', 100, 'shop/app:1', 'shop/app:2', 'shop/app:3', 'other/base:v1')];
    const choice = chooseImagesToRemove(input({ images, containers: [{ image: 'other/base:v1', imageId: 'x' }] }));
    assert.deepEqual(choice.kept.map((k) => k.ref), ['shop/app:3', 'shop/app:2']);
    assert.deepEqual(choice.remove, ['shop/app:1']);
  });

  it('orders tags of the same creation time by tag, numbers compared as numbers', () => {
    const images = [image('x', 100, 'shop/app:2', 'shop/app:10', 'shop/app:9', 'shop/app:1')];
    assert.deepEqual(chooseImagesToRemove(input({ images })).remove, ['shop/app:2', 'shop/app:1']);
  });

  it('touches only the target repository (not other repositories, not the same name on a registry)', () => {
    const images = [
      image('a', 100, 'shop/app:v1', 'registry:5000/shop/app:v1'),
      image('b', 200, 'shop/app-worker:v1'),
      image('c', 300, 'shop/app:v2'),
      image('d', 400, 'shop/app:v3'),
    ];
    assert.deepEqual(chooseImagesToRemove(input({ images })).remove, ['shop/app:v1']);
    assert.deepEqual(chooseImagesToRemove(input({ image: 'registry:5000/shop/app:v1', keep: 1, images })).remove, []);
  });

  it('never removes a tag docker-flow did not release (pulled or built ahead of a deploy, or for another tool)', () => {
    const images = [image('a', 100, 'shop/app:v1'), image('b', 200, 'shop/app:v2'), image('c', 300, 'shop/app:v3'), image('d', 400, 'shop/app:v4'), image('e', 50, 'shop/app:next')];
    const choice = chooseImagesToRemove(input({ keep: 1, images, released: ['shop/app:v1', 'shop/app:v3', 'docker.io/shop/app:v4'] }));
    assert.deepEqual(choice.kept, [{ ref: 'shop/app:v4', reason: 'newest' }]);
    assert.deepEqual(choice.remove, ['shop/app:v3', 'shop/app:v1'], 'v2 and next were never released: they stay');
  });

  it('keep 0 turns retention off', () => {
    const images = [image('a', 100, 'shop/app:v1'), image('b', 200, 'shop/app:v2')];
    assert.deepEqual(chooseImagesToRemove(input({ keep: 0, images })), { kept: [], remove: [] });
  });

  it('property: never removes more than all-but-N, nor a used, protected, unreleased or foreign tag', () => {
    const tag = fc.constantFrom('shop/app:v1', 'shop/app:v2', 'shop/app:v3', 'shop/app:10', 'shop/app:latest', 'other/x:v1', 'registry:5000/shop/app:v1');
    const hostImage = fc.record({ id: fc.constantFrom('a', 'b', 'c', 'd'), createdSec: fc.nat(1000), tags: fc.uniqueArray(tag, { maxLength: 3 }) });
    fc.assert(
      fc.property(fc.array(hostImage, { maxLength: 6 }), fc.nat(4), fc.array(fc.record({ image: tag, imageId: fc.constantFrom('a', 'b', 'c', 'd') }), { maxLength: 3 }), fc.uniqueArray(tag, { maxLength: 5 }), (raw, keep, containers, released) => {
        // one image per id, each tag on one image (as on a real engine)
        const seen = new Set<string>();
        const images = [...new Map(raw.map((i) => [i.id, i])).values()].map((i) => ({ ...i, tags: i.tags.filter((t) => (seen.has(t) ? false : (seen.add(t), true))) }));
        const choice = chooseImagesToRemove({ image: 'shop/app:v3', keep, images, containers, protect: ['shop/app:v2'], released });
        const ours = images.flatMap((i) => i.tags).filter((t) => repositoryOf(t) === 'shop/app');
        assert.ok(choice.remove.length <= Math.max(0, ours.length - keep));
        for (const ref of choice.remove) {
          assert.equal(repositoryOf(ref), 'shop/app');
          assert.ok((released as readonly string[]).includes(ref), `${ref} was never released`);
          assert.notEqual(ref, 'shop/app:v2');
          assert.ok(!containers.some((c) => normaliseRef(c.image) === ref), `${ref} is used`);
        }
        for (const used of new Set(containers.map((c) => c.imageId))) {
          const tags = images.find((i) => i.id === used)?.tags ?? [];
          if (tags.length > 0) assert.ok(tags.some((t) => !choice.remove.includes(t)), `image ${used} keeps a tag`);
        }
      }),
    );
  });
});

describe('image references', () => {
  it('normalises like Docker: default tag latest, Docker Hub prefixes dropped, digests dropped', () => {
    assert.equal(normaliseRef('nginx'), 'nginx:latest');
    assert.equal(normaliseRef('docker.io/library/nginx:1.25'), 'nginx:1.25');
    assert.equal(normaliseRef('127.0.0.1:5000/shop/app'), '127.0.0.1:5000/shop/app:latest');
    assert.equal(normaliseRef('shop/app@sha256:abc'), 'shop/app:latest');
    assert.equal(repositoryOf('127.0.0.1:5000/shop/app:v2'), '127.0.0.1:5000/shop/app');
  });

  it('compares tags naturally', () => {
    assert.deepEqual(['v10', 'v9', 'v1', 'v2.0', 'v2'].sort(compareNatural), ['v1', 'v2', 'v2.0', 'v9', 'v10']);
  });
});
