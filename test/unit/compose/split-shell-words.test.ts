import assert from 'node:assert/strict';
import fc from 'fast-check';
import { ComposeLocation } from '../../../src/compose/compose-location';
import { splitShellWords } from '../../../src/compose/split-shell-words';
import { isConfigError } from './compose-fixtures';

describe('splitShellWords', () => {
  const where = new ComposeLocation('docker-compose.yml', 'services.app.command');
  const split = (text: string): string[] => splitShellWords(text, where);

  it('splits on whitespace and honours quotes and escapes without expanding anything', () => {
    assert.deepEqual(split('  npm   run start '), ['npm', 'run', 'start']);
    assert.deepEqual(split(`sh -c 'echo "$HOME" && ls'`), ['sh', '-c', 'echo "$HOME" && ls']);
    assert.deepEqual(split(`echo "a \\"b\\" \\$c \\n" x\\ y ''`), ['echo', 'a "b" $c \\n', 'x y', '']);
    assert.deepEqual(split('pre"fix"\'ed\''), ['prefixed']);
    assert.deepEqual(split(''), []);
  });

  it('rejects unclosed quotes and a trailing backslash, naming the key', () => {
    assert.throws(() => split(`echo 'oops`), isConfigError('docker-compose.yml: services.app.command', /' opened at position 6 .* is never closed/, /as a list/));
    assert.throws(() => split('echo "oops'), isConfigError('docker-compose.yml: services.app.command', /" opened at position 6/));
    assert.throws(() => split('echo \\'), isConfigError('docker-compose.yml: services.app.command', /lone backslash/));
  });

  it('single-quoting every word gives the words back', () => {
    const word = fc.string({ minLength: 1 }).filter((w) => !w.includes("'"));
    fc.assert(fc.property(fc.array(word), (words) => {
      assert.deepEqual(split(words.map((w) => `'${w}'`).join(' ')), words);
    }));
  });
});
