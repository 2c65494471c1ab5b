import assert from 'node:assert/strict';
import { compareSemver, parseSemverTag } from '../../../src/domain/semver-tag';

const parse = (tag: string) => {
  const version = parseSemverTag(tag);
  assert.ok(version !== undefined, `${tag} should be semver`);
  return version;
};

describe('domain/semver-tag', () => {
  it('reads x.y.z with or without a v prefix, with pre-release identifiers', () => {
    assert.deepEqual(parse('1.2.3'), { tag: '1.2.3', major: 1, minor: 2, patch: 3, prerelease: [] });
    assert.deepEqual(parse('v10.0.1'), { tag: 'v10.0.1', major: 10, minor: 0, patch: 1, prerelease: [] });
    assert.deepEqual(parse('1.3.0-rc.1').prerelease, ['rc', '1']);
    assert.deepEqual(parse('V2.0.0-alpha-2.x').prerelease, ['alpha-2', 'x']);
  });

  it('refuses tags that are not semver', () => {
    for (const tag of ['latest', '1.2', 'v1', '1.2.3.4', '01.2.3', '1.02.3', '1.2.3-', '1.2.3-01', 'main-1.2.3', '2024-05-01', '', 'vv1.2.3']) {
      assert.equal(parseSemverTag(tag), undefined, tag);
    }
  });

  it('orders by semver precedence (semver.org §11), a release above its pre-releases', () => {
    const ordered = ['1.0.0-alpha', '1.0.0-alpha.1', '1.0.0-alpha.beta', '1.0.0-beta', '1.0.0-beta.2', '1.0.0-beta.11', '1.0.0-rc.1', '1.0.0', '1.0.1', '1.1.0', '1.10.0', '2.0.0'];
    for (let i = 0; i + 1 < ordered.length; i += 1) {
      const a = parse(ordered[i] ?? '');
      const b = parse(ordered[i + 1] ?? '');
      assert.equal(compareSemver(a, b), -1, `${a.tag} < ${b.tag}`);
      assert.equal(compareSemver(b, a), 1, `${b.tag} > ${a.tag}`);
    }
  });

  it('treats v1.2.0 and 1.2.0 as the same version, and compares numbers as numbers', () => {
    assert.equal(compareSemver(parse('v1.2.0'), parse('1.2.0')), 0);
    assert.equal(compareSemver(parse('1.9.0'), parse('1.10.0')), -1);
  });
});
