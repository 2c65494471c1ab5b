import assert from 'node:assert/strict';
import { parseInstanceNumber, parseLogColour, parseSince, parseTail } from '../../../src/config/parse-day-two-flags';
import { ConfigError } from '../../../src/errors';

const refused = (key: string, pattern: RegExp) => (e: unknown): boolean => e instanceof ConfigError && e.key === key && e.exitCode === 2 && pattern.test(e.message);

describe('config/parse-day-two-flags (logs, exec, run)', () => {
  it('--since is a duration back from now or a time, in UNIX seconds', () => {
    const now = Date.parse('2024-05-01T10:00:00Z');
    assert.equal(parseSince('10m', now), (now - 600_000) / 1000);
    assert.equal(parseSince('90', now), (now - 90_000) / 1000);
    assert.equal(parseSince('2024-05-01T09:00:00Z', now), Date.parse('2024-05-01T09:00:00Z') / 1000);
    assert.equal(parseSince(undefined, now), undefined);
    assert.throws(() => parseSince('last week', now), refused('--since', /"last week" is neither a duration nor a time/));
  });

  it('--tail is a count or all; --instance a number from 1; --colour one of live, blue, green, all', () => {
    assert.equal(parseTail('100'), 100);
    assert.equal(parseTail('all'), undefined);
    assert.throws(() => parseTail('-5'), refused('--tail', /"-5" is not accepted/));
    assert.equal(parseInstanceNumber('3'), 3);
    assert.throws(() => parseInstanceNumber('0'), refused('--instance', /"0" is not an instance number/));
    assert.equal(parseLogColour(undefined), 'live');
    assert.equal(parseLogColour('green'), 'green');
    assert.throws(() => parseLogColour('gren'), (e: unknown) => refused('--colour', /"gren" is not accepted; accepted: live, blue, green, all/)(e) && e instanceof ConfigError && /--colour green/.test(e.hint ?? ''));
  });
});
