import assert from 'node:assert/strict';
import fc from 'fast-check';
import { formatDuration, parseOptionDurationMs } from '../../../src/config/parse-option-duration';
import { suggestClosest } from '../../../src/config/suggest-closest';

describe('config/parse-option-duration', () => {
  it('reads plain seconds and numbers with ms, s, m, h', () => {
    const cases: readonly (readonly [string, number])[] = [
      ['30', 30_000], ['0', 0], ['0.5', 500], ['30s', 30_000], ['2m', 120_000], ['500ms', 500], ['1h', 3_600_000], ['1m30s', 90_000], ['1.5s', 1_500],
    ];
    for (const [text, ms] of cases) assert.equal(parseOptionDurationMs(text), ms, text);
  });

  it('rejects anything else', () => {
    for (const text of ['', 's', '-5', '5 s', '1d', '2x', '1.s', '.5', 'ms30', '30S']) assert.equal(parseOptionDurationMs(text), undefined, text);
  });

  it('reads back what formatDuration writes', () => {
    fc.assert(fc.property(fc.nat(10_000_000), (ms) => assert.equal(parseOptionDurationMs(formatDuration(ms)), ms)));
  });
});

describe('config/suggest-closest', () => {
  it('suggests a likely typo and nothing for an unrelated word', () => {
    assert.equal(suggestClosest('blue_gren', ['blue_green', 'target']), 'blue_green');
    assert.equal(suggestClosest('side-targets', ['side_targets', 'target']), 'side_targets');
    assert.equal(suggestClosest('depoy', ['deploy', 'scale', 'stop-old', 'proxy']), 'deploy');
    assert.equal(suggestClosest('colour', ['blue_green', 'target', 'scale']), undefined);
  });
});
