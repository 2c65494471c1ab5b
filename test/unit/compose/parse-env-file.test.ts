import assert from 'node:assert/strict';
import { parseEnvFile } from '../../../src/compose/parse-env-file';
import { isConfigError } from './compose-fixtures';

describe('parseEnvFile', () => {
  const parse = (text: string, env: Readonly<Record<string, string>> = {}): Record<string, string> =>
    parseEnvFile(text, 'app.env', (name) => env[name], () => undefined);

  it('reads KEY=VALUE lines, skipping comments and blank lines, with export prefixes', () => {
    assert.deepEqual(parse('# comment\n\nA=1\nexport B = two words \nC=\nD=x#not-a-comment\nE=y # a comment\r\n'), {
      A: '1', B: 'two words', C: '', D: 'x#not-a-comment', E: 'y',
    });
  });

  it('keeps single-quoted values literal and unescapes double-quoted ones, across lines', () => {
    assert.deepEqual(parse(`S='$HOME \\n "x"'\nD="tab\\there \\"q\\" \\$HOME"\nM="line1\nline2" # comment\nN='a\nb'`, { HOME: '/root' }), {
      S: '$HOME \\n "x"', D: 'tab\there "q" $HOME', M: 'line1\nline2', N: 'a\nb',
    });
  });

  it('interpolates unquoted and double-quoted values, the environment first, then earlier lines', () => {
    assert.deepEqual(parse('A=1\nB=${A}-$A\nC="${MISSING:-d}"\nHOST=file\nD=$HOST', { HOST: 'shell' }), { A: '1', B: '1-1', C: 'd', HOST: 'file', D: 'shell' });
  });

  it('a bare KEY takes its value from the environment and is left out when unset', () => {
    assert.deepEqual(parse('FROM_ENV\nNOT_SET\n', { FROM_ENV: 'yes' }), { FROM_ENV: 'yes' });
  });

  it('names the file and line of a bad line or an unclosed quote', () => {
    assert.throws(() => parse('A=1\nthis is not valid\n'), isConfigError('app.env: line 2', /"this is not valid" is not a KEY=VALUE line/, /KEY=VALUE/));
    assert.throws(() => parse('A="open\nB=2'), isConfigError('app.env: line 1', /never closed/));
    assert.throws(() => parse("A='x' trailing"), isConfigError('app.env: line 1', /unexpected "trailing"/));
  });
});
