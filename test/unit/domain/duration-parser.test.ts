import assert from 'node:assert/strict';
import { durationParser, parseGoDurationMs } from '../../../src/domain/duration-parser';

describe('domain/duration-parser', () => {
  it('reads Go durations as time.ParseDuration does: units ns to h, loose fractions, a sign, and 0', () => {
    const cases: readonly (readonly [string, number])[] = [
      ['0', 0], ['10s', 10_000], ['1m30s', 90_000], ['250ms', 250], ['-1.5h', -5_400_000], ['+2m', 120_000],
      ['.5s', 500], ['1.s', 1000], ['1500us', 1.5], ['1500µs', 1.5], ['2000000ns', 2], ['2h45m', 9_900_000],
    ];
    for (const [text, ms] of cases) assert.equal(parseGoDurationMs(text), ms, text);
  });

  it('refuses what Go refuses: bare numbers other than 0, unknown units, spaces, a sign inside', () => {
    for (const text of ['', '10', '-', '1d', '5 s', ' 5s', '1m-30s', 's', '30S', '1..5s']) assert.equal(parseGoDurationMs(text), undefined, text);
  });

  it('narrows the grammar by units, fractions and sign, and reads `ms` as milliseconds whatever the unit order', () => {
    const strict = durationParser({ units: ['m', 's', 'ms', 'h'], looseFractions: false, signed: false });
    assert.equal(strict('1m500ms'), 60_500);
    assert.equal(strict('1.5s'), 1500);
    for (const text of ['.5s', '1.s', '-5s', '100ns', '0']) assert.equal(strict(text), undefined, text);
  });
});
