import assert from 'node:assert/strict';
import fc from 'fast-check';
import { safeFileStem, stemMayStartWith, textOfStem } from '../../../../src/adapters/state/safe-file-name';

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

describe('safe file names back to keys (listing the embedded store by name)', () => {
  const wellFormed = (text: string): boolean => Buffer.from(text, 'utf8').toString('utf8') === text;

  it('textOfStem gives back the text of every stem that was not shortened, and nothing for a shortened one', () => {
    assert.equal(textOfStem('docker-flow%2Fapp_1%2Fcolor'), 'docker-flow/app_1/color');
    assert.equal(textOfStem('gr%C3%BCn'), 'grün');
    assert.equal(textOfStem(safeFileStem(`docker-flow/${'x'.repeat(200)}`)), undefined);
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (text) => {
        fc.pre(wellFormed(text));
        const stem = safeFileStem(text);
        assert.equal(textOfStem(stem), stem.includes('~') ? undefined : text, 'a shortened stem (marked ~) has its text only in the file');
      }),
    );
  });

  it('stemMayStartWith never leaves out the file of a key under the prefix, and leaves out plain names that are not', () => {
    assert.equal(stemMayStartWith(safeFileStem('docker-flow/app/route'), 'docker-flow/'), true);
    assert.equal(stemMayStartWith(safeFileStem('agent/app/schedule'), 'docker-flow/'), false);
    assert.equal(stemMayStartWith(safeFileStem('docker-flowx/app'), 'docker-flow/'), false);
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), fc.string({ unit: 'binary', maxLength: 200 }), (prefix, rest) => {
        fc.pre(wellFormed(prefix) && wellFormed(rest));
        assert.ok(stemMayStartWith(safeFileStem(`${prefix}${rest}`), prefix));
      }),
    );
  });
});

