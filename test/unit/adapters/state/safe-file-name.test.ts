import assert from 'node:assert/strict';
import fc from 'fast-check';
import { safeFileStem } from '../../../../src/adapters/state/safe-file-name';

describe('safeFileStem', () => {
  it('keeps letters, digits, - and _ and percent-encodes everything else', () => {
    assert.equal(safeFileStem('docker-flow/app_1/color'), 'docker-flow%2Fapp_1%2Fcolor');
    assert.equal(safeFileStem('../etc/passwd'), '%2E%2E%2Fetc%2Fpasswd');
    assert.equal(safeFileStem('grün'), 'gr%C3%BCn');
    assert.equal(safeFileStem(''), '');
  });

  it('never yields a path separator, a dot or a name longer than 160 characters', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 400 }), (text) => {
        const stem = safeFileStem(text);
        assert.match(stem, /^[A-Za-z0-9_%~-]*$/);
        assert.ok(stem.length <= 160, `${stem.length} characters`);
      }),
    );
  });

  it('gives different inputs different stems, long ones included', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), fc.string({ unit: 'binary', maxLength: 300 }), (a, b) => {
        fc.pre(a !== b);
        assert.notEqual(safeFileStem(a), safeFileStem(b));
      }),
    );
    const long = 'docker-flow/'.repeat(30);
    assert.notEqual(safeFileStem(`${long}a`), safeFileStem(`${long}b`));
  });
});
