import assert from 'node:assert/strict';
import { imageReferenceProblem } from '../../../src/compose/image-reference-problem';

const digest = `sha256:${'a'.repeat(64)}`;

describe('compose/image-reference-problem', () => {
  it('accepts what Docker accepts: names, paths, registries with ports, tags and digests', () => {
    for (const reference of [
      'app',
      'docker-flow-demo:v1',
      'library/redis:7.2-alpine',
      'my_org/my__app/web-1.a:latest',
      'localhost:5000/app',
      '127.0.0.1:5000/docker-flow-demo:v1',
      'Registry.Example.com:5000/shop/app:1.2',
      `app@${digest}`,
      `registry.example.com/app:1.2@${digest}`,
      `app:${'t'.repeat(128)}`,
    ]) {
      assert.equal(imageReferenceProblem(reference), undefined, reference);
    }
  });

  it('says why a reference is refused', () => {
    const cases: readonly (readonly [string, RegExp])[] = [
      ['Docker-Flow-Demo:v1', /must be lower case/],
      ['docker-flow-demo:', /tag after ":" is empty/],
      ['docker-flow-demo:v 1', /whitespace/],
      ['docker-flow-demo:v1:v2', /not a repository name/],
      [':v1', /repository name is empty/],
      ['app:-v1', /the tag "-v1"/],
      [`app:${'t'.repeat(129)}`, /at most 128/],
      ['app@sha256:abc', /the digest "sha256:abc"/],
      [`app@sha256:${'a'.repeat(63)}`, /64 hex digits/],
      ['app//web', /not a repository name/],
      ['-app', /not a repository name/],
      [`${'a'.repeat(256)}`, /longer than 255/],
    ];
    for (const [reference, reason] of cases) assert.match(imageReferenceProblem(reference) ?? 'accepted', reason, reference);
  });
});
