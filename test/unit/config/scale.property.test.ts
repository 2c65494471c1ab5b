import assert from 'node:assert/strict';
import fc from 'fast-check';
import { formatScale, parseScale, resolveScale } from '../../../src/domain/scale';
import { ConfigError } from '../../../src/errors';

/** Properties of src/domain/scale.ts, which the option layer parses --scale with. */
describe('domain/scale properties (fast-check)', () => {
  it('resolveScale(current, relative d) is current + d when that is 1 or more, else a ConfigError naming the current count', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000 }), fc.integer({ min: -10_000, max: 10_000 }), (current, delta) => {
        const request = { kind: 'relative', delta } as const;
        if (current + delta >= 1) {
          assert.equal(resolveScale(current, request), current + delta);
        } else {
          assert.throws(
            () => resolveScale(current, request),
            (error: unknown) => error instanceof ConfigError && error.key === '--scale' && error.message.includes(`runs ${current} now`),
          );
        }
      }),
    );
  });

  it('resolveScale uses an absolute count as is, and keeps the current (or fallback) count without a request', () => {
    fc.assert(
      fc.property(fc.option(fc.integer({ min: 1, max: 1000 }), { nil: undefined }), fc.integer({ min: 1, max: 1000 }), fc.integer({ min: 1, max: 9 }), (current, count, fallback) => {
        assert.equal(resolveScale(current, { kind: 'absolute', count }, fallback), count);
        assert.equal(resolveScale(current, undefined, fallback), current ?? fallback);
      }),
    );
  });

  it('parseScale reads back what formatScale writes, for N >= 1 and every +N / -N', () => {
    const request = fc.oneof(
      fc.integer({ min: 1, max: 1_000_000 }).map((count) => ({ kind: 'absolute', count }) as const),
      fc.integer({ min: -1_000_000, max: 1_000_000 }).map((delta) => ({ kind: 'relative', delta }) as const),
    );
    fc.assert(
      fc.property(request, (value) => {
        assert.deepEqual(parseScale(formatScale(value)), value);
      }),
    );
  });

  it('parseScale rejects every text that is not N, +N or -N with a ConfigError naming the key', () => {
    fc.assert(
      fc.property(fc.string().filter((text) => !/^[+-]?\d+$/.test(text.trim())), (text) => {
        assert.throws(() => parseScale(text, 'FLOW_SCALE'), (error: unknown) => error instanceof ConfigError && error.key === 'FLOW_SCALE');
      }),
    );
    for (const bad of ['abc', '+', '2.5', '++1', '-', '1e3', '0x10']) {
      assert.throws(() => parseScale(bad), ConfigError, bad);
    }
  });
});
